"""The language of the desktop: Qt translators for Counter's own words and Qt's.

Counter's words are translated from ``assets/translations/counter_<code>.ts``
(written with ``make translations``: pyside6-lupdate, then pyside6-lrelease
into the ``.qm`` shipped beside it); Qt's own (standard buttons, context
menus) come from the ``qtbase_<code>.qm`` that PySide6 ships. English is the
source language: its translation holds only the plural forms ("%n minute(s)"
becomes "1 minute" or "5 minutes").
"""

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from assets import asset_path
from counter_app.i18n import use_language as use_core_language

SOURCE_LANGUAGE = "en"
TRANSLATIONS_FOLDER = "translations"


def translation_file(code: str) -> Path:
    """Where the compiled translation of Counter's words into ``code`` lives."""
    return asset_path(TRANSLATIONS_FOLDER) / f"counter_{code}.qm"


class LanguageSwitch:
    """Installs the translators of one language at a time, taking the last ones out first."""

    def __init__(self) -> None:
        self._installed: list[QTranslator] = []
        self.language = SOURCE_LANGUAGE

    def use(self, code: str) -> bool:
        """Translate from now on into ``code``; False (and English) if it has no translation.

        Widgets made before the switch keep their words: the window rebuilds
        its screens after calling this. The core's words (refusals, the policy's
        reasons) switch with the screens' (counter_app.i18n).
        """
        use_core_language(code)
        for translator in self._installed:
            QCoreApplication.removeTranslator(translator)
        self._installed = []
        self.language = SOURCE_LANGUAGE
        QLocale.setDefault(QLocale(QLocale.Language.English))
        ours = QTranslator()
        if not ours.load(str(translation_file(code))):
            if code != SOURCE_LANGUAGE:
                self.use(SOURCE_LANGUAGE)
            return code == SOURCE_LANGUAGE
        if code == SOURCE_LANGUAGE:
            QCoreApplication.installTranslator(ours)
            self._installed.append(ours)
            return True
        qt_own = QTranslator()
        if qt_own.load(
            f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        ):
            QCoreApplication.installTranslator(qt_own)
            self._installed.append(qt_own)
        QCoreApplication.installTranslator(ours)
        self._installed.append(ours)
        QLocale.setDefault(QLocale(code))
        self.language = code
        return True


_APPLICATION_LANGUAGE = LanguageSwitch()


def application_language() -> LanguageSwitch:
    """The one switch of this process: Qt's translators belong to the application, not a window."""
    return _APPLICATION_LANGUAGE
