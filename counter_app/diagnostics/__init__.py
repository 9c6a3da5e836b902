"""What IT needs when something goes wrong: the build, the log files and crash reports."""
