"""Full-window screens, one module each: layout and behaviour, no database access."""
