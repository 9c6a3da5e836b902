"""The services: everything the desktop and the command line ask of the core.

The storage layer below cannot import the core's translations, so its refusals
are English templates; from here on they are shown in the language in force.
"""

from counter_app.i18n import say
from db.errors import use_translation

use_translation(say)
