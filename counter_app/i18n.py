"""The language of the words the core writes for people: refusals, the policy's reasons.

Services and domain rules are plain Python, so they cannot use Qt's translators;
they use gettext (with catalogs kept by Babel) the same way. English is the source:
write ``say("The receipt {number} was not found.").format(number=...)`` and never an
f-string inside ``say()``, so the words can be looked up. Module-level constants are
marked with :func:`say_later` and translated with ``say()`` where they are said.
(``say`` rather than gettext's ``_``, which Python code also uses for "unused".)

The desktop chooses the language once for the whole process (one counter, one
clerk at a time), with :func:`use_language`; worker threads share it.

Catalogs: ``counter_app/locale/<code>/LC_MESSAGES/counter.po``, compiled to ``.mo``
by ``make translations`` (pybabel extract, update and compile).
"""

import gettext
from pathlib import Path

DOMAIN = "counter"
SOURCE_LANGUAGE = "en"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE_LANGUAGE


def use_language(code: str) -> bool:
    """Say everything from now on in ``code``; False (and English) if there is no catalog."""
    global _translations, _language
    if code == SOURCE_LANGUAGE:
        _translations, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return True
    try:
        found = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    except OSError:
        _translations, _language = gettext.NullTranslations(), SOURCE_LANGUAGE
        return False
    _translations, _language = found, code
    return True


def current_language() -> str:
    """The language words are said in now (``"en"``, ``"de"``)."""
    return _language


def say(message: str) -> str:
    """``message`` in the language in force."""
    return _translations.gettext(message)


def say_plural(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the language in force."""
    return _translations.ngettext(singular, plural, count)


def say_later(message: str) -> str:
    """Mark ``message`` for translation without translating it yet (module constants)."""
    return message
