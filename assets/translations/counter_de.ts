<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Counter</source>
        <translation>Über Counter</translation>
    </message>
    <message>
        <source>Counter {version}</source>
        <translation>Counter {version}</translation>
    </message>
    <message>
        <source>Complaints, returns and exchanges at the service counter.</source>
        <translation>Reklamationen, Rückgaben und Umtausch am Serviceschalter.</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Build</source>
        <translation>Build</translation>
    </message>
    <message>
        <source>Python</source>
        <translation>Python</translation>
    </message>
    <message>
        <source>Qt</source>
        <translation>Qt</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>Protokolldateien</translation>
    </message>
    <message>
        <source>Crash reports</source>
        <translation>Absturzberichte</translation>
    </message>
    <message>
        <source>Copy for IT</source>
        <translation>Für die IT kopieren</translation>
    </message>
    <message>
        <source>Run from source</source>
        <translation>Aus dem Quellcode gestartet</translation>
    </message>
    <message>
        <source>{commit}, built {when}</source>
        <translation>{commit}, gebaut am {when}</translation>
    </message>
    <message>
        <source>unknown commit</source>
        <translation>unbekannter Stand</translation>
    </message>
</context>
<context>
    <name>ActionTile</name>
    <message>
        <source>Next release</source>
        <translation>Nächste Version</translation>
    </message>
</context>
<context>
    <name>App</name>
    <message>
        <source>Counter — no store set up</source>
        <translation>Counter — keine Filiale eingerichtet</translation>
    </message>
    <message>
        <source>No good backup was found in {folder}, so IT must bring one from elsewhere; the damaged file is left as it is.</source>
        <translation>Im Ordner {folder} wurde keine gute Sicherung gefunden; die IT muss eine von anderswo bereitstellen. Die beschädigte Datei bleibt unverändert.</translation>
    </message>
</context>
<context>
    <name>AttachmentStrip</name>
    <message>
        <source>Photos and PDFs (*.jpg *.jpeg *.png *.webp *.heic *.heif *.pdf)</source>
        <translation>Fotos und PDFs (*.jpg *.jpeg *.png *.webp *.heic *.heif *.pdf)</translation>
    </message>
    <message>
        <source>Add photos…</source>
        <translation>Fotos hinzufügen…</translation>
    </message>
    <message>
        <source>Add photos</source>
        <translation>Fotos hinzufügen</translation>
    </message>
    <message>
        <source>or drop photos here</source>
        <translation>oder Fotos hier ablegen</translation>
    </message>
    <message>
        <source>{names}: only photos (JPEG, PNG, WebP, HEIC) and PDF files can be attached.</source>
        <translation>{names}: Nur Fotos (JPEG, PNG, WebP, HEIC) und PDF-Dateien können angehängt werden.</translation>
    </message>
    <message>
        <source>{count} chosen; drop more here</source>
        <translation>{count} ausgewählt; weitere hier ablegen</translation>
    </message>
</context>
<context>
    <name>AuditScreen</name>
    <message>
        <source>Audit trail</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Every change made at this store, newest first. Times are store time ({zone}).</source>
        <translation>Jede Änderung in dieser Filiale, die neueste zuerst. Zeiten in Filialzeit ({zone}).</translation>
    </message>
    <message>
        <source>Verify the chain  (Ctrl+Shift+V)</source>
        <translation>Kette prüfen  (Strg+Umschalt+V)</translation>
    </message>
    <message>
        <source>Check that no event was changed, removed or reordered since it was written.</source>
        <translation>Prüfen, dass kein Eintrag seit dem Schreiben geändert, entfernt oder umsortiert wurde.</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>Case number</source>
        <translation>Vorgangsnummer</translation>
    </message>
    <message>
        <source>For example S012-20261123-0042</source>
        <translation>Zum Beispiel S012-20261123-0042</translation>
    </message>
    <message>
        <source>Only the days from</source>
        <translation>Nur die Tage von</translation>
    </message>
    <message>
        <source>First day</source>
        <translation>Erster Tag</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Letzter Tag</translation>
    </message>
    <message>
        <source>Apply  (Enter)</source>
        <translation>Anwenden  (Enter)</translation>
    </message>
    <message>
        <source>Enter in the case number applies the filters too.</source>
        <translation>Enter in der Vorgangsnummer wendet die Filter ebenfalls an.</translation>
    </message>
    <message>
        <source>Clear filters</source>
        <translation>Filter löschen</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Audit events</source>
        <translation>Protokolleinträge</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>◀ Newer</source>
        <translation>◀ Neuere</translation>
    </message>
    <message>
        <source>Newer events (Alt+Left)</source>
        <translation>Neuere Einträge (Alt+Links)</translation>
    </message>
    <message>
        <source>Older ▶</source>
        <translation>Ältere ▶</translation>
    </message>
    <message>
        <source>Older events (Alt+Right)</source>
        <translation>Ältere Einträge (Alt+Rechts)</translation>
    </message>
    <message>
        <source>The event in full</source>
        <translation>Der Eintrag vollständig</translation>
    </message>
    <message>
        <source>Choose an event</source>
        <translation>Wählen Sie einen Eintrag</translation>
    </message>
    <message>
        <source>Recorded as</source>
        <translation>Erfasst als</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>Prüfsumme</translation>
    </message>
    <message>
        <source>As recorded</source>
        <translation>Wie erfasst</translation>
    </message>
    <message>
        <source>The event&apos;s details as recorded</source>
        <translation>Die Angaben des Eintrags, wie erfasst</translation>
    </message>
    <message>
        <source>Only a manager can see the audit trail.</source>
        <translation>Nur die Filialleitung kann das Protokoll sehen.</translation>
    </message>
    <message>
        <source>Anyone</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>{name} (left)</source>
        <translation>{name} (ausgeschieden)</translation>
    </message>
    <message>
        <source>System (no person)</source>
        <translation>System (keine Person)</translation>
    </message>
    <message>
        <source>Anything</source>
        <translation>Alles</translation>
    </message>
    <message>
        <source>Reading the events…</source>
        <translation>Die Einträge werden gelesen…</translation>
    </message>
    <message>
        <source>The audit trail could not be read: {error}</source>
        <translation>Das Protokoll konnte nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>Events {newest} to {oldest} ({count} on this page)</source>
        <translation>Einträge {newest} bis {oldest} ({count} auf dieser Seite)</translation>
    </message>
    <message>
        <source>No events match these filters.</source>
        <translation>Keine Einträge passen zu diesen Filtern.</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>unlesbar</translation>
    </message>
    <message>
        <source>The chain breaks here.</source>
        <translation>Hier bricht die Kette.</translation>
    </message>
    <message>
        <source>Event {seq}</source>
        <translation>Eintrag {seq}</translation>
    </message>
    <message>
        <source>The stored time cannot be read.</source>
        <translation>Die gespeicherte Zeit ist unlesbar.</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keiner</translation>
    </message>
    <message>
        <source>{hash}…, follows {previous}…</source>
        <translation>{hash}…, folgt auf {previous}…</translation>
    </message>
    <message>
        <source>Checking every event of the audit trail…</source>
        <translation>Jeder Eintrag des Protokolls wird geprüft…</translation>
    </message>
    <message>
        <source>The audit trail could not be checked: {error}</source>
        <translation>Das Protokoll konnte nicht geprüft werden: {error}</translation>
    </message>
    <message>
        <source>All {count} events verified: nothing was changed, removed or reordered.</source>
        <translation>Alle {count} Einträge geprüft: nichts wurde geändert, entfernt oder umsortiert.</translation>
    </message>
    <message numerus="yes">
        <source>%Ln of them had a customer&apos;s words erased under the retention policy, each erasure recorded in the chain.</source>
        <translation>
            <numerusform>Bei %Ln davon wurden Worte über einen Kunden nach der Aufbewahrungsfrist gelöscht, jede Löschung in der Kette vermerkt.</numerusform>
            <numerusform>Bei %Ln davon wurden Worte über Kunden nach der Aufbewahrungsfrist gelöscht, jede Löschung in der Kette vermerkt.</numerusform>
        </translation>
    </message>
    <message>
        <source>The chain is broken at event {seq}: {reason}. This event and every one after it cannot be trusted; tell head office.</source>
        <translation>Die Kette ist bei Eintrag {seq} gebrochen: {reason}. Diesem und jedem späteren Eintrag ist nicht zu trauen; informieren Sie die Zentrale.</translation>
    </message>
</context>
<context>
    <name>CaseDetail</name>
    <message>
        <source>Case opened</source>
        <translation>Vorgang angelegt</translation>
    </message>
    <message>
        <source>Return completed</source>
        <translation>Rückgabe abgeschlossen</translation>
    </message>
    <message>
        <source>Exchange completed</source>
        <translation>Umtausch abgeschlossen</translation>
    </message>
    <message>
        <source>Complaint resolved</source>
        <translation>Reklamation erledigt</translation>
    </message>
    <message>
        <source>Complaint kept open</source>
        <translation>Reklamation bleibt offen</translation>
    </message>
    <message>
        <source>Complaint assigned</source>
        <translation>Reklamation zugewiesen</translation>
    </message>
    <message>
        <source>Status changed</source>
        <translation>Status geändert</translation>
    </message>
    <message>
        <source>Case reopened</source>
        <translation>Vorgang wieder geöffnet</translation>
    </message>
    <message>
        <source>Note added</source>
        <translation>Notiz hinzugefügt</translation>
    </message>
    <message>
        <source>Manager approval</source>
        <translation>Freigabe durch die Filialleitung</translation>
    </message>
    <message>
        <source>Photo attached</source>
        <translation>Foto angehängt</translation>
    </message>
    <message>
        <source>Store credit issued</source>
        <translation>Gutschein ausgestellt</translation>
    </message>
    <message>
        <source>Store credit spent</source>
        <translation>Gutschein eingelöst</translation>
    </message>
    <message>
        <source>Stock returned</source>
        <translation>Zurück ins Lager</translation>
    </message>
    <message>
        <source>Product flagged as possibly faulty</source>
        <translation>Artikel als möglicherweise defekt gemeldet</translation>
    </message>
    <message>
        <source>Served from the queue</source>
        <translation>Aus der Warteschlange bedient</translation>
    </message>
</context>
<context>
    <name>CaseDetailDialog</name>
    <message>
        <source>Case {number}</source>
        <translation>Vorgang {number}</translation>
    </message>
    <message>
        <source>Arrived {moment}</source>
        <translation>Eingegangen {moment}</translation>
    </message>
    <message>
        <source>Resolved {moment}</source>
        <translation>Erledigt {moment}</translation>
    </message>
    <message>
        <source>Closed {moment}</source>
        <translation>Abgeschlossen {moment}</translation>
    </message>
    <message>
        <source>Barcode of case {number}</source>
        <translation>Barcode von Vorgang {number}</translation>
    </message>
    <message>
        <source>(erased with the customer&apos;s personal data)</source>
        <translation>(mit den Kundendaten gelöscht)</translation>
    </message>
    <message>
        <source>Complaint: {category}</source>
        <translation>Reklamation: {category}</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Worum es geht</translation>
    </message>
    <message>
        <source>Items</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>In</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>Ausgegeben</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notizen</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <source>Preview  (F6)</source>
        <translation>Vorschau  (F6)</translation>
    </message>
    <message>
        <source>Reprint  (Ctrl+P)</source>
        <translation>Erneut drucken  (Strg+P)</translation>
    </message>
    <message>
        <source>Print the case&apos;s documents again; the case itself does not change.</source>
        <translation>Die Dokumente des Vorgangs erneut drucken; der Vorgang selbst ändert sich nicht.</translation>
    </message>
    <message>
        <source>Close  (Esc)</source>
        <translation>Schließen  (Esc)</translation>
    </message>
    <message>
        <source>Printing again.</source>
        <translation>Wird erneut gedruckt.</translation>
    </message>
</context>
<context>
    <name>CaseResultsModel</name>
    <message>
        <source>Number</source>
        <translation>Nummer</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Angelegt</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>Betreff</translation>
    </message>
    <message>
        <source>Found in</source>
        <translation>Gefunden in</translation>
    </message>
    <message>
        <source>{count}+ cases</source>
        <translation>{count}+ Vorgänge</translation>
    </message>
    <message>
        <source>No cases</source>
        <translation>Keine Vorgänge</translation>
    </message>
    <message>
        <source>1 case</source>
        <translation>1 Vorgang</translation>
    </message>
    <message>
        <source>{count} cases</source>
        <translation>{count} Vorgänge</translation>
    </message>
</context>
<context>
    <name>CaseWords</name>
    <message>
        <source>Complaint</source>
        <translation>Reklamation</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Umtausch</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
</context>
<context>
    <name>ComplaintScreen</name>
    <message>
        <source>Low</source>
        <translation>Niedrig</translation>
    </message>
    <message>
        <source>Medium</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>High</source>
        <translation>Hoch</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>Kritisch</translation>
    </message>
    <message>
        <source>Apology</source>
        <translation>Entschuldigung</translation>
    </message>
    <message>
        <source>Replacement</source>
        <translation>Ersatz</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Reparatur</translation>
    </message>
    <message>
        <source>Discount</source>
        <translation>Preisnachlass</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Refund</source>
        <translation>Erstattung</translation>
    </message>
    <message>
        <source>Nothing yet (keep open)</source>
        <translation>Noch nichts (offen)</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Possible product fault: {count} complaints and returns in {days} days — tell the manager.</source>
        <translation>Möglicher Produktfehler: {count} Reklamationen und Rückgaben in {days} Tagen — bitte der Filialleitung melden.</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>Neue Reklamation</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>Save complaint  (Ctrl+Enter)</source>
        <translation>Reklamation speichern  (Strg+Enter)</translation>
    </message>
    <message>
        <source>Product barcode</source>
        <translation>Barcode des Produkts</translation>
    </message>
    <message>
        <source>Scan the product&apos;s barcode (if any), then Enter</source>
        <translation>Barcode des Produkts scannen (falls vorhanden), dann Enter</translation>
    </message>
    <message>
        <source>Complaint category</source>
        <translation>Kategorie der Reklamation</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Schilderung</translation>
    </message>
    <message>
        <source>What happened, in the customer&apos;s words</source>
        <translation>Was ist passiert, in den Worten des Kunden</translation>
    </message>
    <message>
        <source>What the customer would like</source>
        <translation>Was der Kunde möchte</translation>
    </message>
    <message>
        <source>What the customer would like (optional)</source>
        <translation>Was der Kunde möchte (optional)</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>Produkt</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Would like</source>
        <translation>Wunsch</translation>
    </message>
    <message>
        <source>Photos</source>
        <translation>Fotos</translation>
    </message>
    <message>
        <source>What the customer was given</source>
        <translation>Was der Kunde erhalten hat</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Refund paid in</source>
        <translation>Erstattung per</translation>
    </message>
    <message>
        <source>Last four digits of the card</source>
        <translation>Letzte vier Ziffern der Karte</translation>
    </message>
    <message>
        <source>Last 4</source>
        <translation>4 Ziff.</translation>
    </message>
    <message>
        <source>Card refund reference</source>
        <translation>Referenz der Kartenerstattung</translation>
    </message>
    <message>
        <source>Terminal ref.</source>
        <translation>Terminal-Ref.</translation>
    </message>
    <message>
        <source>Note on what was given</source>
        <translation>Notiz zum Entgegenkommen</translation>
    </message>
    <message>
        <source>Note (optional)</source>
        <translation>Notiz (optional)</translation>
    </message>
    <message>
        <source>Resolved now</source>
        <translation>Jetzt erledigt</translation>
    </message>
    <message>
        <source>Keep open</source>
        <translation>Offen lassen</translation>
    </message>
    <message>
        <source>Who follows up</source>
        <translation>Zuständig für die Wiedervorlage</translation>
    </message>
    <message>
        <source>Nobody yet</source>
        <translation>Niemand</translation>
    </message>
    <message>
        <source>by</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Follow up by a date</source>
        <translation>Wiedervorlage bis zu einem Datum</translation>
    </message>
    <message>
        <source>Follow-up date</source>
        <translation>Datum der Wiedervorlage</translation>
    </message>
    <message>
        <source>Given</source>
        <translation>Erhalten</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Follow-up</source>
        <translation>Zuständig</translation>
    </message>
    <message>
        <source>{product} ({sku}): {complaints} complaints and {returns} returns in the last {days} days.</source>
        <translation>{product} ({sku}): {complaints} Reklamationen und {returns} Rückgaben in den letzten {days} Tagen.</translation>
    </message>
    <message>
        <source>Latest: {number}.</source>
        <translation>Zuletzt: {number}.</translation>
    </message>
    <message>
        <source>{name} was not attached: {why}</source>
        <translation>{name} wurde nicht angehängt: {why}</translation>
    </message>
    <message>
        <source>{name} was not attached yet: {why}</source>
        <translation>{name} wurde noch nicht angehängt: {why}</translation>
    </message>
    <message>
        <source>The follow-up was not saved: {error}</source>
        <translation>Die Wiedervorlage wurde nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>Complaint {number}</source>
        <translation>Reklamation {number}</translation>
    </message>
    <message>
        <source>{saved} Not done: {problems} Correct what is needed and press Ctrl+Enter to save the rest on the same case, or Esc to leave it as it is.</source>
        <translation>{saved} Nicht erledigt: {problems} Korrigieren Sie, was nötig ist, und drücken Sie Strg+Enter, um den Rest im selben Vorgang zu speichern, oder Esc, um es so zu lassen.</translation>
    </message>
    <message>
        <source>Save the rest  (Ctrl+Enter)</source>
        <translation>Rest speichern  (Strg+Enter)</translation>
    </message>
    <message>
        <source>Not saved yet: {error}</source>
        <translation>Noch nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>What the customer was given was not recorded: {error}</source>
        <translation>Was der Kunde erhalten hat, wurde nicht erfasst: {error}</translation>
    </message>
    <message>
        <source>What the customer was given was not recorded: it needs a manager&apos;s approval.</source>
        <translation>Was der Kunde erhalten hat, wurde nicht erfasst: Dafür ist die Freigabe durch die Filialleitung nötig.</translation>
    </message>
    <message>
        <source>Choose what the customer was given, or keep the complaint open to follow it up.</source>
        <translation>Wählen Sie, was der Kunde erhalten hat, oder lassen Sie die Reklamation zur Wiedervorlage offen.</translation>
    </message>
    <message>
        <source>Choose the date to follow up by, so the complaint is not forgotten.</source>
        <translation>Wählen Sie das Datum der Wiedervorlage, damit die Reklamation nicht vergessen wird.</translation>
    </message>
    <message>
        <source>Complaint {number} saved and resolved: {given}.</source>
        <translation>Reklamation {number} gespeichert und erledigt: {given}.</translation>
    </message>
    <message>
        <source>Complaint {number} saved and kept open: {given} given so far.</source>
        <translation>Reklamation {number} gespeichert und offen gelassen: bisher {given}.</translation>
    </message>
    <message>
        <source>Complaint {number} saved and kept open.</source>
        <translation>Reklamation {number} gespeichert und offen gelassen.</translation>
    </message>
    <message>
        <source>a manager</source>
        <translation>der Filialleitung</translation>
    </message>
    <message>
        <source>Approved by {name}.</source>
        <translation>Freigegeben von {name}.</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Ein Mitarbeiter</translation>
    </message>
    <message>
        <source>{name} follows it up by {day}.</source>
        <translation>{name} kümmert sich bis {day} darum.</translation>
    </message>
    <message>
        <source>{name} follows it up.</source>
        <translation>{name} kümmert sich darum.</translation>
    </message>
    <message>
        <source>Follow up by {day}.</source>
        <translation>Wiedervorlage bis {day}.</translation>
    </message>
    <message>
        <source>1 photo attached.</source>
        <translation>1 Foto angehängt.</translation>
    </message>
    <message>
        <source>{count} photos attached.</source>
        <translation>{count} Fotos angehängt.</translation>
    </message>
    <message>
        <source>a complaint</source>
        <translation>eine Reklamation</translation>
    </message>
</context>
<context>
    <name>ConfirmCloseDialog</name>
    <message>
        <source>Close the day</source>
        <translation>Tag abschließen</translation>
    </message>
    <message>
        <source>Close the day now?</source>
        <translation>Den Tag jetzt abschließen?</translation>
    </message>
    <message>
        <source>This cannot be undone: the figures are frozen, and whatever the counter records after the close counts toward the next day.</source>
        <translation>Das kann nicht rückgängig gemacht werden: Die Zahlen werden festgeschrieben, und was an der Theke nach dem Abschluss erfasst wird, zählt zum nächsten Tag.</translation>
    </message>
    <message>
        <source>Not yet</source>
        <translation>Noch nicht</translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message>
        <source>Nobody signed in</source>
        <translation>Niemand angemeldet</translation>
    </message>
    <message>
        <source>Head office: not connected</source>
        <translation>Zentrale: nicht verbunden</translation>
    </message>
    <message>
        <source>Printing: ready</source>
        <translation>Drucken: bereit</translation>
    </message>
    <message>
        <source>Printing</source>
        <translation>Drucken</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Sicherung</translation>
    </message>
    <message>
        <source>Backup failed</source>
        <translation>Sicherung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Tell a manager. The counter keeps working and nothing saved is lost, but there is no fresh copy of the store&apos;s data. The backup is tried again at the next start and after the day close; IT can make one with &apos;counter-app backup&apos;.</source>
        <translation>Informieren Sie die Filialleitung. Der Schalter arbeitet weiter und nichts Gespeichertes geht verloren, aber es gibt keine aktuelle Kopie der Filialdaten. Die Sicherung wird beim nächsten Start und nach dem Tagesabschluss erneut versucht; die IT kann mit &apos;counter-app backup&apos; eine anlegen.</translation>
    </message>
    <message>
        <source>Click, or press {keys}, to try printing again now.</source>
        <translation>Klicken Sie hier oder drücken Sie {keys}, um jetzt erneut zu drucken.</translation>
    </message>
    <message>
        <source>Printing: {problem}</source>
        <translation>Drucken: {problem}</translation>
    </message>
    <message numerus="yes">
        <source>Printing: %n waiting</source>
        <translation>
            <numerusform>Drucken: %n wartet</numerusform>
            <numerusform>Drucken: %n warten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) wait to print.</source>
        <translation>
            <numerusform>%n Dokument wartet auf den Druck.</numerusform>
            <numerusform>%n Dokumente warten auf den Druck.</numerusform>
        </translation>
    </message>
    <message>
        <source>Every document has printed.</source>
        <translation>Alle Dokumente sind gedruckt.</translation>
    </message>
</context>
<context>
    <name>CrashMessage</name>
    <message>
        <source>Counter must close</source>
        <translation>Counter muss schließen</translation>
    </message>
    <message>
        <source>Counter met a problem it did not expect and must close. Everything already saved is safe; start Counter again to go on.</source>
        <translation>Counter ist auf ein unerwartetes Problem gestoßen und muss schließen. Alles bereits Gespeicherte ist sicher; starten Sie Counter neu, um weiterzuarbeiten.</translation>
    </message>
    <message>
        <source>A report for IT was written to:
{path}</source>
        <translation>Ein Bericht für die IT wurde hier gespeichert:
{path}</translation>
    </message>
    <message>
        <source>No report could be written; IT will find the log in:
{folder}</source>
        <translation>Es konnte kein Bericht geschrieben werden; die IT findet das Protokoll in:
{folder}</translation>
    </message>
    <message>
        <source>Close Counter</source>
        <translation>Counter schließen</translation>
    </message>
</context>
<context>
    <name>CustomerPanel</name>
    <message>
        <source>Complaint</source>
        <translation>Reklamation</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Umtausch</translation>
    </message>
    <message>
        <source>open</source>
        <translation>offen</translation>
    </message>
    <message>
        <source>in progress</source>
        <translation>in Bearbeitung</translation>
    </message>
    <message>
        <source>resolved</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>abgeschlossen</translation>
    </message>
    <message>
        <source>no cases yet</source>
        <translation>noch keine Vorgänge</translation>
    </message>
    <message>
        <source>1 case, last {day}</source>
        <translation>1 Vorgang, zuletzt am {day}</translation>
    </message>
    <message>
        <source>{count} cases, last {day}</source>
        <translation>{count} Vorgänge, zuletzt am {day}</translation>
    </message>
    <message>
        <source>no phone or email kept</source>
        <translation>kein Telefon und keine E-Mail gespeichert</translation>
    </message>
    <message>
        <source>Save the customer&apos;s data</source>
        <translation>Kundendaten speichern</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON-Dateien (*.json)</translation>
    </message>
    <message>
        <source>Customer (optional)</source>
        <translation>Kunde (optional)</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Name des Kunden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Customer phone</source>
        <translation>Telefon des Kunden</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Customer email</source>
        <translation>E-Mail des Kunden</translation>
    </message>
    <message>
        <source>Email</source>
        <translation>E-Mail</translation>
    </message>
    <message>
        <source>Customer agrees we keep these details</source>
        <translation>Kunde ist mit dem Speichern der Daten einverstanden</translation>
    </message>
    <message>
        <source>Customer consent</source>
        <translation>Einwilligung des Kunden</translation>
    </message>
    <message>
        <source>Already a customer? ↓ then Enter to choose:</source>
        <translation>Schon Kunde? ↓, dann Enter zum Auswählen:</translation>
    </message>
    <message>
        <source>Existing customers who may be meant</source>
        <translation>Vorhandene Kunden, die gemeint sein könnten</translation>
    </message>
    <message>
        <source>Different customer</source>
        <translation>Anderer Kunde</translation>
    </message>
    <message>
        <source>Choose a different customer</source>
        <translation>Anderen Kunden wählen</translation>
    </message>
    <message>
        <source>Export their data</source>
        <translation>Daten exportieren</translation>
    </message>
    <message>
        <source>Export the customer&apos;s data</source>
        <translation>Die Daten des Kunden exportieren</translation>
    </message>
    <message>
        <source>Earlier cases could not be looked up: {error}</source>
        <translation>Frühere Vorgänge konnten nicht gesucht werden: {error}</translation>
    </message>
    <message>
        <source>No earlier cases for {who}.</source>
        <translation>Keine früheren Vorgänge für {who}.</translation>
    </message>
    <message>
        <source>Earlier cases (the latest shown):</source>
        <translation>Frühere Vorgänge (die neuesten):</translation>
    </message>
    <message>
        <source>Earlier cases:</source>
        <translation>Frühere Vorgänge:</translation>
    </message>
    <message>
        <source>Not exported: {error}</source>
        <translation>Nicht exportiert: {error}</translation>
    </message>
    <message>
        <source>Saved {count} cases of {name} to {file}</source>
        <translation>{count} Vorgänge von {name} in {file} gespeichert</translation>
    </message>
    <message>
        <source>Existing customer: consent already given</source>
        <translation>Vorhandener Kunde: Einwilligung liegt vor</translation>
    </message>
    <message>
        <source>Existing customer: {name}. Editing a detail makes a new customer.</source>
        <translation>Vorhandener Kunde: {name}. Wer eine Angabe ändert, legt einen neuen Kunden an.</translation>
    </message>
    <message>
        <source>Earlier cases (the latest {shown} of {total}):</source>
        <translation>Frühere Vorgänge (die neuesten {shown} von {total}):</translation>
    </message>
</context>
<context>
    <name>DamagedDatabaseDialog</name>
    <message>
        <source>Counter cannot start</source>
        <translation>Counter kann nicht starten</translation>
    </message>
    <message>
        <source>This counter&apos;s database is damaged.</source>
        <translation>Die Datenbank dieses Schalters ist beschädigt.</translation>
    </message>
    <message>
        <source>A good backup from {time} holds {cases} cases. Restoring it brings back the counter as it was then; changes made after it are not in it. The damaged file is kept in the backup folder for IT.</source>
        <translation>Eine intakte Sicherung vom {time} enthält {cases} Vorgänge. Wenn Sie sie wiederherstellen, ist der Schalter wieder auf diesem Stand; spätere Änderungen sind darin nicht enthalten. Die beschädigte Datei bleibt für die IT im Sicherungsordner.</translation>
    </message>
    <message>
        <source>Restore the backup from {time}</source>
        <translation>Sicherung vom {time} wiederherstellen</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>Beenden</translation>
    </message>
</context>
<context>
    <name>DayCloseScreen</name>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Original payment</source>
        <translation>Ursprüngliche Zahlungsart</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Tag abschließen</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>Print the Z report again  (Ctrl+P)</source>
        <translation>Z-Bon erneut drucken  (Strg+P)</translation>
    </message>
    <message>
        <source>Save report as PDF…  (Ctrl+S)</source>
        <translation>Bericht als PDF speichern…  (Strg+S)</translation>
    </message>
    <message>
        <source>Close the day  (Ctrl+Enter)</source>
        <translation>Tag abschließen  (Strg+Enter)</translation>
    </message>
    <message>
        <source>Today&apos;s figures</source>
        <translation>Zahlen von heute</translation>
    </message>
    <message>
        <source>Cash count</source>
        <translation>Bargeld zählen</translation>
    </message>
    <message>
        <source>Count what left the drawer for today&apos;s cases: the float given at the start of the day minus what is left in it.</source>
        <translation>Zählen Sie, was für die heutigen Vorgänge aus der Kasse ging: das Wechselgeld vom Tagesbeginn minus dem, was noch in der Kasse ist.</translation>
    </message>
    <message>
        <source>Counted cash</source>
        <translation>Gezähltes Bargeld</translation>
    </message>
    <message>
        <source>For example 123.45</source>
        <translation>Zum Beispiel 123.45</translation>
    </message>
    <message>
        <source>Counted cash ({currency})</source>
        <translation>Gezähltes Bargeld ({currency})</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Anything head office should know (optional)</source>
        <translation>Was die Zentrale wissen sollte (freiwillig)</translation>
    </message>
    <message>
        <source>Only a manager can close the day.</source>
        <translation>Nur die Filialleitung kann den Tag abschließen.</translation>
    </message>
    <message>
        <source>The day&apos;s figures could not be read: {error}</source>
        <translation>Die Zahlen des Tages konnten nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>The day was not closed: {error}</source>
        <translation>Der Tag wurde nicht abgeschlossen: {error}</translation>
    </message>
    <message>
        <source>The day is closed.</source>
        <translation>Der Tag ist abgeschlossen.</translation>
    </message>
    <message>
        <source>Sending the Z report to the printer…</source>
        <translation>Der Z-Bon wird an den Drucker gesendet …</translation>
    </message>
    <message>
        <source>The report was not saved: {error}</source>
        <translation>Der Bericht wurde nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>Report saved as {path}</source>
        <translation>Bericht gespeichert unter {path}</translation>
    </message>
    <message>
        <source>Short by {amount}</source>
        <translation>{amount} zu wenig</translation>
    </message>
    <message>
        <source>Over by {amount}</source>
        <translation>{amount} zu viel</translation>
    </message>
    <message>
        <source>Matches the expected cash</source>
        <translation>Stimmt mit dem erwarteten Bargeld überein</translation>
    </message>
    <message>
        <source>Close {day}, counted cash {counted}, expected cash {expected}?</source>
        <translation>{day} abschließen, gezähltes Bargeld {counted}, erwartetes Bargeld {expected}?</translation>
    </message>
    <message>
        <source>Type the counted cash to see the difference.</source>
        <translation>Geben Sie das gezählte Bargeld ein, um die Differenz zu sehen.</translation>
    </message>
    <message>
        <source>Type the amount as digits, for example 123.45.</source>
        <translation>Geben Sie den Betrag in Ziffern ein, zum Beispiel 123.45.</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Refunds: {tender}</source>
        <translation>Erstattungen: {tender}</translation>
    </message>
    <message>
        <source>Cash refunded</source>
        <translation>Bar erstattet</translation>
    </message>
    <message>
        <source>Cash taken</source>
        <translation>Bar eingenommen</translation>
    </message>
    <message>
        <source>Expected cash out of the drawer</source>
        <translation>Erwartetes Bargeld aus der Kasse</translation>
    </message>
    <message>
        <source>Store credit issued</source>
        <translation>Gutscheine ausgestellt</translation>
    </message>
    <message>
        <source>Vouchers issued</source>
        <translation>Anzahl Gutscheine</translation>
    </message>
    <message>
        <source>Closed by {name} on {moment}: counted {counted}. {difference}.</source>
        <translation>Abgeschlossen von {name} am {moment}: gezählt {counted}. {difference}.</translation>
    </message>
    <message>
        <source>The Z report was sent to the printer.</source>
        <translation>Der Z-Bon wurde an den Drucker gesendet.</translation>
    </message>
    <message>
        <source>The Z report is queued for the printer.</source>
        <translation>Der Z-Bon wartet in der Druckwarteschlange.</translation>
    </message>
    <message>
        <source>The Z report was not queued: {problem} Save the report as a PDF instead.</source>
        <translation>Der Z-Bon wurde nicht eingereiht: {problem} Speichern Sie den Bericht stattdessen als PDF.</translation>
    </message>
    <message>
        <source>The Z report waits in the print queue: {problem} It prints by itself once the printer is back.</source>
        <translation>Der Z-Bon wartet in der Druckwarteschlange: {problem} Er wird von selbst gedruckt, sobald der Drucker wieder bereit ist.</translation>
    </message>
    <message>
        <source>Save report as PDF</source>
        <translation>Bericht als PDF speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The day was not closed.</source>
        <translation>Der Tag wurde nicht abgeschlossen.</translation>
    </message>
</context>
<context>
    <name>DocumentPreviewDialog</name>
    <message>
        <source>Receipt</source>
        <translation>Kassenbon</translation>
    </message>
    <message>
        <source>Return label</source>
        <translation>Rücksendeetikett</translation>
    </message>
    <message>
        <source>Voucher {code}</source>
        <translation>Gutschein {code}</translation>
    </message>
    <message>
        <source>Documents of case {number}</source>
        <translation>Dokumente zum Vorgang {number}</translation>
    </message>
    <message>
        <source>Document to preview</source>
        <translation>Dokument für die Vorschau</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>Dokument</translation>
    </message>
    <message>
        <source>Document preview</source>
        <translation>Dokumentvorschau</translation>
    </message>
    <message>
        <source>Print again  (Ctrl+P)</source>
        <translation>Erneut drucken  (Strg+P)</translation>
    </message>
    <message>
        <source>Queue every document of this case to print again; nothing else changes.</source>
        <translation>Alle Dokumente dieses Vorgangs erneut drucken; sonst ändert sich nichts.</translation>
    </message>
    <message>
        <source>Close  (Esc)</source>
        <translation>Schließen  (Esc)</translation>
    </message>
    <message>
        <source>Printing again: the status bar shows when it has printed.</source>
        <translation>Wird erneut gedruckt: Die Statusleiste zeigt, wann es gedruckt ist.</translation>
    </message>
    <message>
        <source>This document could not be shown; it can still be printed.</source>
        <translation>Dieses Dokument kann nicht angezeigt werden; drucken können Sie es trotzdem.</translation>
    </message>
</context>
<context>
    <name>DraftBanner</name>
    <message>
        <source>Carry on with it</source>
        <translation>Weitermachen</translation>
    </message>
    <message>
        <source>Start afresh</source>
        <translation>Neu beginnen</translation>
    </message>
    <message>
        <source>You left {what} unfinished at {time} on {day}. Carry on with it, or start afresh?</source>
        <translation>Sie haben am {day} um {time} {what} nicht abgeschlossen. Weitermachen oder neu beginnen?</translation>
    </message>
</context>
<context>
    <name>ExchangeScreen</name>
    <message>
        <source>New item</source>
        <translation>Neuer Artikel</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>Menge</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>New exchange</source>
        <translation>Neuer Umtausch</translation>
    </message>
    <message>
        <source>an exchange</source>
        <translation>einen Umtausch</translation>
    </message>
    <message>
        <source>Exchange {number} saved.</source>
        <translation>Umtausch {number} gespeichert.</translation>
    </message>
    <message>
        <source>Complete exchange  (Ctrl+Enter)</source>
        <translation>Umtausch abschließen  (Strg+Enter)</translation>
    </message>
    <message>
        <source>New item barcode</source>
        <translation>Barcode des neuen Artikels</translation>
    </message>
    <message>
        <source>Scan the item the customer takes instead, then Enter</source>
        <translation>Artikel scannen, den der Kunde stattdessen nimmt, dann Enter</translation>
    </message>
    <message>
        <source>Items going out</source>
        <translation>Ausgegebene Artikel</translation>
    </message>
    <message>
        <source>Customer pays the difference by</source>
        <translation>Kunde zahlt die Differenz mit</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>Voucher code</source>
        <translation>Gutscheincode</translation>
    </message>
    <message>
        <source>Voucher code (spent first)</source>
        <translation>Gutscheincode (wird zuerst verrechnet)</translation>
    </message>
    <message>
        <source>Card last four digits</source>
        <translation>Letzte vier Ziffern der Karte</translation>
    </message>
    <message>
        <source>Card&apos;s last 4 digits</source>
        <translation>Letzte 4 Kartenziffern</translation>
    </message>
    <message>
        <source>Customer pays by</source>
        <translation>Kunde zahlt mit</translation>
    </message>
    <message>
        <source>Item {code}</source>
        <translation>Artikel {code}</translation>
    </message>
    <message>
        <source>How many of item {code}</source>
        <translation>Menge von Artikel {code}</translation>
    </message>
    <message>
        <source>Scan the item the customer takes instead.</source>
        <translation>Scannen Sie den Artikel, den der Kunde stattdessen nimmt.</translation>
    </message>
    <message>
        <source>Customer pays {amount}</source>
        <translation>Kunde zahlt {amount}</translation>
    </message>
    <message>
        <source>Refund {amount}</source>
        <translation>Erstattung {amount}</translation>
    </message>
    <message>
        <source>Even exchange</source>
        <translation>Umtausch ohne Differenz</translation>
    </message>
</context>
<context>
    <name>FindCaseScreen</name>
    <message>
        <source>Any status</source>
        <translation>Jeder Status</translation>
    </message>
    <message>
        <source>Open or in progress</source>
        <translation>Offen oder in Bearbeitung</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Offen</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>In Bearbeitung</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>Erledigt</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Any type</source>
        <translation>Jede Art</translation>
    </message>
    <message>
        <source>All dates</source>
        <translation>Jedes Datum</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
    <message>
        <source>Last 7 days</source>
        <translation>Letzte 7 Tage</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Letzte 30 Tage</translation>
    </message>
    <message>
        <source>Resolve</source>
        <translation>Erledigen</translation>
    </message>
    <message>
        <source>Resolve case</source>
        <translation>Vorgang erledigen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Abschließen</translation>
    </message>
    <message>
        <source>Close case</source>
        <translation>Vorgang abschließen</translation>
    </message>
    <message>
        <source>Reopen</source>
        <translation>Wieder öffnen</translation>
    </message>
    <message>
        <source>Reopen case</source>
        <translation>Vorgang wieder öffnen</translation>
    </message>
    <message>
        <source>The case is now open.</source>
        <translation>Der Vorgang ist jetzt offen.</translation>
    </message>
    <message>
        <source>The case is now in progress.</source>
        <translation>Der Vorgang ist jetzt in Bearbeitung.</translation>
    </message>
    <message>
        <source>The case is now resolved.</source>
        <translation>Der Vorgang ist jetzt erledigt.</translation>
    </message>
    <message>
        <source>The case is now closed.</source>
        <translation>Der Vorgang ist jetzt abgeschlossen.</translation>
    </message>
    <message>
        <source>Choose a case in the list to see it here.</source>
        <translation>Wählen Sie einen Vorgang in der Liste, um ihn hier zu sehen.</translation>
    </message>
    <message>
        <source>Latest notes</source>
        <translation>Neueste Notizen</translation>
    </message>
    <message>
        <source>Note or status</source>
        <translation>Notiz oder Status</translation>
    </message>
    <message>
        <source>Note (needed to reopen)</source>
        <translation>Notiz (nötig zum Wiederöffnen)</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Notiz</translation>
    </message>
    <message>
        <source>Status message</source>
        <translation>Statusmeldung</translation>
    </message>
    <message>
        <source>Add note  (Enter)</source>
        <translation>Notiz hinzufügen  (Enter)</translation>
    </message>
    <message>
        <source>Keep the note with the case without changing its status.</source>
        <translation>Die Notiz beim Vorgang speichern, ohne den Status zu ändern.</translation>
    </message>
    <message>
        <source>Preview  (F6)</source>
        <translation>Vorschau  (F6)</translation>
    </message>
    <message>
        <source>See the case&apos;s receipt, label and vouchers as they print.</source>
        <translation>Kassenbon, Etikett und Gutscheine des Vorgangs so sehen, wie sie gedruckt werden.</translation>
    </message>
    <message>
        <source>Reprint  (Ctrl+P)</source>
        <translation>Erneut drucken  (Strg+P)</translation>
    </message>
    <message>
        <source>Print the case&apos;s documents again; the case itself does not change.</source>
        <translation>Die Dokumente des Vorgangs erneut drucken; der Vorgang selbst ändert sich nicht.</translation>
    </message>
    <message>
        <source>Printing message</source>
        <translation>Druckmeldung</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Öffnen</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>Find case</source>
        <translation>Vorgang suchen</translation>
    </message>
    <message>
        <source>Case number, customer, phone, receipt, product or any words</source>
        <translation>Vorgangsnummer, Kunde, Telefon, Kassenbon, Artikel oder beliebige Wörter</translation>
    </message>
    <message>
        <source>Search cases</source>
        <translation>Vorgänge suchen</translation>
    </message>
    <message>
        <source>Status filter</source>
        <translation>Statusfilter</translation>
    </message>
    <message>
        <source>Type filter</source>
        <translation>Artfilter</translation>
    </message>
    <message>
        <source>Date filter</source>
        <translation>Datumsfilter</translation>
    </message>
    <message>
        <source>Search message</source>
        <translation>Suchmeldung</translation>
    </message>
    <message>
        <source>Number of cases found</source>
        <translation>Anzahl gefundener Vorgänge</translation>
    </message>
    <message>
        <source>Searching</source>
        <translation>Suche läuft</translation>
    </message>
    <message>
        <source>Cases found</source>
        <translation>Gefundene Vorgänge</translation>
    </message>
    <message>
        <source>Type to search  ·  ↓ into the list  ·  Enter opens the case  ·  Esc goes back</source>
        <translation>Tippen zum Suchen  ·  ↓ in die Liste  ·  Enter öffnet den Vorgang  ·  Esc geht zurück</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>Searching…</source>
        <translation>Suche läuft…</translation>
    </message>
    <message>
        <source>{number} prints again: the status bar shows when it has printed.</source>
        <translation>{number} wird erneut gedruckt: Die Statusleiste zeigt, wann es gedruckt ist.</translation>
    </message>
    <message>
        <source>Note added.</source>
        <translation>Notiz hinzugefügt.</translation>
    </message>
    <message>
        <source>Customer: {name}</source>
        <translation>Kunde: {name}</translation>
    </message>
    <message>
        <source>Arrived {moment}</source>
        <translation>Eingegangen {moment}</translation>
    </message>
    <message>
        <source>Resolved {moment}</source>
        <translation>Erledigt {moment}</translation>
    </message>
    <message>
        <source>Closed {moment}</source>
        <translation>Abgeschlossen {moment}</translation>
    </message>
    <message>
        <source>Complaint: {category}</source>
        <translation>Reklamation: {category}</translation>
    </message>
    <message>
        <source>1 earlier note: Open case shows all.</source>
        <translation>1 ältere Notiz: „Öffnen“ zeigt alle.</translation>
    </message>
    <message>
        <source>{count} earlier notes: Open case shows all.</source>
        <translation>{count} ältere Notizen: „Öffnen“ zeigt alle.</translation>
    </message>
    <message>
        <source>In: {quantity} x {item}</source>
        <translation>Zurück: {quantity} x {item}</translation>
    </message>
    <message>
        <source>Out: {quantity} x {item}</source>
        <translation>Ausgegeben: {quantity} x {item}</translation>
    </message>
    <message>
        <source>unopened</source>
        <translation>ungeöffnet</translation>
    </message>
    <message>
        <source>opened</source>
        <translation>geöffnet</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>beschädigt</translation>
    </message>
    <message>
        <source>defective</source>
        <translation>defekt</translation>
    </message>
</context>
<context>
    <name>HomePlurals</name>
    <message numerus="yes">
        <source>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>Sie gehen vom Schalter weg? Drücken Sie Sperren oder Strg+L. Counter sperrt sich auch selbst nach %n Minute ohne Benutzung.</numerusform>
            <numerusform>Sie gehen vom Schalter weg? Drücken Sie Sperren oder Strg+L. Counter sperrt sich auch selbst nach %n Minuten ohne Benutzung.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomeScreen</name>
    <message>
        <source>New complaint</source>
        <translation>Neue Reklamation</translation>
    </message>
    <message>
        <source>Log a fault or a service problem.  (F2)</source>
        <translation>Einen Mangel oder ein Serviceproblem erfassen.  (F2)</translation>
    </message>
    <message>
        <source>New return</source>
        <translation>Neue Rückgabe</translation>
    </message>
    <message>
        <source>Take an item back, with or without its receipt.  (F3)</source>
        <translation>Einen Artikel zurücknehmen, mit oder ohne Kassenbon.  (F3)</translation>
    </message>
    <message>
        <source>New exchange</source>
        <translation>Neuer Umtausch</translation>
    </message>
    <message>
        <source>Swap for another size, colour or item.  (F4)</source>
        <translation>Gegen eine andere Größe, Farbe oder einen anderen Artikel tauschen.  (F4)</translation>
    </message>
    <message>
        <source>Find case</source>
        <translation>Vorgang suchen</translation>
    </message>
    <message>
        <source>Look up a case, a customer or a receipt.  (Ctrl+F)</source>
        <translation>Einen Vorgang, Kunden oder Kassenbon nachschlagen.  (Strg+F)</translation>
    </message>
    <message>
        <source>Today at a glance</source>
        <translation>Heute auf einen Blick</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Tagesabschluss</translation>
    </message>
    <message>
        <source>Today&apos;s cases, refunds and waits.  (Ctrl+Shift+G)</source>
        <translation>Vorgänge, Erstattungen und Wartezeiten von heute.  (Strg+Umschalt+G)</translation>
    </message>
    <message>
        <source>Check the day&apos;s refunds, then close.  (Ctrl+Shift+D)</source>
        <translation>Erstattungen des Tages prüfen, dann abschließen.  (Strg+Umschalt+D)</translation>
    </message>
    <message>
        <source>Staff and PINs</source>
        <translation>Mitarbeiter und PINs</translation>
    </message>
    <message>
        <source>Add staff, reset or unlock a PIN.</source>
        <translation>Mitarbeiter anlegen, eine PIN zurücksetzen oder entsperren.</translation>
    </message>
    <message>
        <source>Return policy</source>
        <translation>Rückgaberegeln</translation>
    </message>
    <message>
        <source>The return rules this store applies.  (Ctrl+Shift+P)</source>
        <translation>Die Rückgaberegeln dieser Filiale.  (Strg+Umschalt+P)</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Who did what, and proof nothing was changed.  (Ctrl+Shift+A)</source>
        <translation>Wer was getan hat, und der Nachweis, dass nichts geändert wurde.  (Strg+Umschalt+A)</translation>
    </message>
    <message>
        <source>Settings  (Ctrl+,)</source>
        <translation>Einstellungen  (Strg+,)</translation>
    </message>
    <message>
        <source>Language and high contrast; for a manager also the store, printers and head office.</source>
        <translation>Sprache und hoher Kontrast; für die Filialleitung auch Filiale, Drucker und Zentrale.</translation>
    </message>
    <message>
        <source>Lock  (Ctrl+L)</source>
        <translation>Sperren  (Strg+L)</translation>
    </message>
    <message>
        <source>Go back to the sign-in screen. The next person signs in with their own PIN.</source>
        <translation>Zurück zur Anmeldung. Die nächste Person meldet sich mit der eigenen PIN an.</translation>
    </message>
    <message>
        <source>Serve a customer</source>
        <translation>Kunden bedienen</translation>
    </message>
    <message>
        <source>Manager area</source>
        <translation>Bereich der Filialleitung</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Filialleitung</translation>
    </message>
    <message>
        <source>Only managers see this area.</source>
        <translation>Nur die Filialleitung sieht diesen Bereich.</translation>
    </message>
    <message>
        <source>Welcome, {name}</source>
        <translation>Willkommen, {name}</translation>
    </message>
    <message>
        <source>Signed in as a manager at {store} ({code})</source>
        <translation>Angemeldet als Filialleitung in {store} ({code})</translation>
    </message>
    <message>
        <source>Signed in as a clerk at {store} ({code})</source>
        <translation>Angemeldet als Mitarbeiter in {store} ({code})</translation>
    </message>
</context>
<context>
    <name>LoginScreen</name>
    <message>
        <source>Nobody is on this store&apos;s staff yet, so nobody can sign in. Staff arrive from head office; for the demo store run &apos;counter-app demo&apos;.</source>
        <translation>Diese Filiale hat noch keine Mitarbeiter, daher kann sich niemand anmelden. Mitarbeiter kommen von der Zentrale; für die Demo-Filiale führen Sie &apos;counter-app demo&apos; aus.</translation>
    </message>
    <message>
        <source>No one on the staff has that badge. Choose your name in the list instead.</source>
        <translation>Kein Mitarbeiter hat diesen Ausweis. Wählen Sie stattdessen Ihren Namen in der Liste.</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Counter</translation>
    </message>
    <message>
        <source>Sign in to serve customers</source>
        <translation>Melden Sie sich an, um Kunden zu bedienen</translation>
    </message>
    <message>
        <source>Who is at the counter?</source>
        <translation>Wer ist am Schalter?</translation>
    </message>
    <message>
        <source>Your PIN</source>
        <translation>Ihre PIN</translation>
    </message>
    <message>
        <source>Sign in  (Enter)</source>
        <translation>Anmelden  (Enter)</translation>
    </message>
    <message>
        <source>Sign-in message</source>
        <translation>Anmeldemeldung</translation>
    </message>
    <message>
        <source>Choose your name with ↑ and ↓ or a click, type your PIN, then press Enter.</source>
        <translation>Wählen Sie Ihren Namen mit ↑ und ↓ oder per Klick, geben Sie Ihre PIN ein und drücken Sie Enter.</translation>
    </message>
    <message>
        <source>Hello {name}: type your PIN, then press Enter.</source>
        <translation>Hallo {name}: Geben Sie Ihre PIN ein und drücken Sie Enter.</translation>
    </message>
    <message>
        <source>Choose your name in the list first.</source>
        <translation>Wählen Sie zuerst Ihren Namen in der Liste.</translation>
    </message>
    <message>
        <source>Type your PIN, then press Enter.</source>
        <translation>Geben Sie Ihre PIN ein und drücken Sie Enter.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>New complaint</source>
        <translation>Neue Reklamation</translation>
    </message>
    <message>
        <source>New return</source>
        <translation>Neue Rückgabe</translation>
    </message>
    <message>
        <source>New exchange</source>
        <translation>Neuer Umtausch</translation>
    </message>
    <message>
        <source>Find case</source>
        <translation>Vorgang suchen</translation>
    </message>
    <message>
        <source>Return policy</source>
        <translation>Rückgaberegeln</translation>
    </message>
    <message>
        <source>Today at a glance</source>
        <translation>Heute auf einen Blick</translation>
    </message>
    <message>
        <source>Close the day</source>
        <translation>Tag abschließen</translation>
    </message>
    <message>
        <source>Audit trail</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>About Counter</source>
        <translation>Über Counter</translation>
    </message>
    <message>
        <source>Retry printing</source>
        <translation>Erneut drucken</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
</context>
<context>
    <name>ManagerApprovalDialog</name>
    <message>
        <source>Manager approval</source>
        <translation>Freigabe durch die Filialleitung</translation>
    </message>
    <message>
        <source>A manager must approve this</source>
        <translation>Die Filialleitung muss das freigeben</translation>
    </message>
    <message>
        <source>Approving manager</source>
        <translation>Freigebende Filialleitung</translation>
    </message>
    <message>
        <source>Reason for the approval</source>
        <translation>Grund für die Freigabe</translation>
    </message>
    <message>
        <source>Why the manager approves, in a sentence</source>
        <translation>Grund der Freigabe, in einem Satz</translation>
    </message>
    <message>
        <source>Waive the restocking fee</source>
        <translation>Auf die Wiedereinlagerungsgebühr verzichten</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Filialleitung</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>Freigeben</translation>
    </message>
    <message>
        <source>No manager is on this store&apos;s staff; a manager must be added first.</source>
        <translation>Diese Filiale hat keine Filialleitung; zuerst muss eine Filialleitung angelegt werden.</translation>
    </message>
    <message>
        <source>The manager types their PIN.</source>
        <translation>Die Filialleitung gibt ihre PIN ein.</translation>
    </message>
    <message>
        <source>Write down why the manager approves.</source>
        <translation>Schreiben Sie auf, warum die Filialleitung freigibt.</translation>
    </message>
</context>
<context>
    <name>NoStoreScreen</name>
    <message>
        <source>This counter has no store set up yet</source>
        <translation>An diesem Schalter ist noch keine Filiale eingerichtet</translation>
    </message>
    <message>
        <source>Counter keeps one store&apos;s cases on this PC. The database here is ready but empty, so there is nobody to sign in yet.</source>
        <translation>Counter speichert die Vorgänge einer Filiale auf diesem PC. Die Datenbank hier ist bereit, aber leer, deshalb kann sich noch niemand anmelden.</translation>
    </message>
    <message>
        <source>To try Counter with a demo store and staff, close this window and run:</source>
        <translation>Um Counter mit einer Demo-Filiale und Demo-Mitarbeitern auszuprobieren, schließen Sie dieses Fenster und führen Sie aus:</translation>
    </message>
    <message>
        <source>Then start Counter again. To set up a real store, ask head office.</source>
        <translation>Starten Sie Counter danach neu. Für eine echte Filiale wenden Sie sich an die Zentrale.</translation>
    </message>
    <message>
        <source>Data folder: {folder}</source>
        <translation>Datenordner: {folder}</translation>
    </message>
    <message>
        <source>Close Counter</source>
        <translation>Counter schließen</translation>
    </message>
</context>
<context>
    <name>PinField</name>
    <message>
        <source>4 to 8 digits</source>
        <translation>4 bis 8 Ziffern</translation>
    </message>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
</context>
<context>
    <name>PolicyScreen</name>
    <message>
        <source>Unopened</source>
        <translation>Ungeöffnet</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <source>Defective</source>
        <translation>Defekt</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Only a manager can change the return policy. You can read it here; ask a manager to sign in to change it.</source>
        <translation>Nur die Filialleitung kann die Rückgaberegeln ändern. Sie können sie hier lesen; zum Ändern muss sich die Filialleitung anmelden.</translation>
    </message>
    <message>
        <source>Write each category as &quot;name: days&quot;, for example &quot;Electronics: 14&quot;; &quot;{piece}&quot; is not.</source>
        <translation>Schreiben Sie jede Kategorie als „Name: Tage“, zum Beispiel „Elektronik: 14“; „{piece}“ passt nicht.</translation>
    </message>
    <message>
        <source>Version 0, the built-in default: no version has been saved for this store yet.</source>
        <translation>Version 0, die eingebaute Vorgabe: Für diese Filiale wurde noch keine Version gespeichert.</translation>
    </message>
    <message>
        <source>Version {version}, in force since {since}</source>
        <translation>Version {version}, gültig seit {since}</translation>
    </message>
    <message>
        <source>Return policy</source>
        <translation>Rückgaberegeln</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>Save as new version  (Ctrl+S)</source>
        <translation>Als neue Version speichern  (Strg+S)</translation>
    </message>
    <message>
        <source>Returns window</source>
        <translation>Rückgabefrist</translation>
    </message>
    <message>
        <source>Return window in days</source>
        <translation>Rückgabefrist in Tagen</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Return window</source>
        <translation>Rückgabefrist</translation>
    </message>
    <message>
        <source>from the date of sale</source>
        <translation>ab dem Verkaufsdatum</translation>
    </message>
    <message>
        <source>Windows for some categories</source>
        <translation>Fristen für einzelne Kategorien</translation>
    </message>
    <message>
        <source>For example: Electronics: 14, Clothing: 60</source>
        <translation>Zum Beispiel: Elektronik: 14, Kleidung: 60</translation>
    </message>
    <message>
        <source>By category</source>
        <translation>Nach Kategorie</translation>
    </message>
    <message>
        <source>Categories with a window of their own, as &quot;name: days&quot;, separated by commas.</source>
        <translation>Kategorien mit eigener Frist, als „Name: Tage“, durch Kommas getrennt.</translation>
    </message>
    <message>
        <source>Categories never taken back</source>
        <translation>Kategorien ohne Rücknahme</translation>
    </message>
    <message>
        <source>For example: Gift Cards, Grocery</source>
        <translation>Zum Beispiel: Geschenkkarten, Lebensmittel</translation>
    </message>
    <message>
        <source>Never taken back</source>
        <translation>Keine Rücknahme</translation>
    </message>
    <message>
        <source>Without a receipt</source>
        <translation>Ohne Kassenbon</translation>
    </message>
    <message>
        <source>A receipt is needed for every return</source>
        <translation>Kassenbon für jede Rückgabe nötig</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Kassenbon</translation>
    </message>
    <message>
        <source>Returns without a receipt are taken</source>
        <translation>Rückgaben ohne Kassenbon annehmen</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>Ohne Kassenbon</translation>
    </message>
    <message>
        <source>Refund without a receipt paid as</source>
        <translation>Erstattung ohne Kassenbon als</translation>
    </message>
    <message>
        <source>Refunded as</source>
        <translation>Erstattet als</translation>
    </message>
    <message>
        <source>Price look-back in days</source>
        <translation>Preisrückblick in Tagen</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>Preis</translation>
    </message>
    <message>
        <source>lowest price the item sold for in this time</source>
        <translation>niedrigster Verkaufspreis des Artikels in dieser Zeit</translation>
    </message>
    <message>
        <source>The customer&apos;s name and phone are needed</source>
        <translation>Name und Telefon des Kunden sind nötig</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>No-receipt limits counted over days</source>
        <translation>Grenzen ohne Kassenbon gezählt über Tage</translation>
    </message>
    <message>
        <source>Counted over</source>
        <translation>Gezählt über</translation>
    </message>
    <message>
        <source>a customer&apos;s returns without a receipt in this time</source>
        <translation>Rückgaben eines Kunden ohne Kassenbon in dieser Zeit</translation>
    </message>
    <message>
        <source>Store credit only after this many returns</source>
        <translation>Nur Gutschein nach so vielen Rückgaben</translation>
    </message>
    <message>
        <source>Store credit only after</source>
        <translation>Nur Gutschein nach</translation>
    </message>
    <message>
        <source>returns without a receipt</source>
        <translation>Rückgaben ohne Kassenbon</translation>
    </message>
    <message>
        <source>A manager approves after this many returns</source>
        <translation>Freigabe durch die Filialleitung nach so vielen Rückgaben</translation>
    </message>
    <message>
        <source>Manager needed after</source>
        <translation>Filialleitung nötig nach</translation>
    </message>
    <message>
        <source>Condition and fees</source>
        <translation>Zustand und Gebühren</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Restocking fee</source>
        <translation>Wiedereinlagerungsgebühr</translation>
    </message>
    <message>
        <source>Taken back</source>
        <translation>Rücknahme</translation>
    </message>
    <message>
        <source>{condition} items taken back</source>
        <translation>Zustand {condition}: Rücknahme</translation>
    </message>
    <message>
        <source>{condition} restocking fee percent</source>
        <translation>Zustand {condition}: Wiedereinlagerungsgebühr in Prozent</translation>
    </message>
    <message>
        <source>Approvals and refunds</source>
        <translation>Freigaben und Erstattungen</translation>
    </message>
    <message>
        <source>A manager approves refunds above</source>
        <translation>Die Filialleitung gibt Erstattungen frei über</translation>
    </message>
    <message>
        <source>Manager needed above</source>
        <translation>Filialleitung nötig über</translation>
    </message>
    <message>
        <source>{currency}, a case&apos;s whole refund</source>
        <translation>{currency}, die ganze Erstattung eines Vorgangs</translation>
    </message>
    <message>
        <source>A manager approves refunds of one&apos;s own sales</source>
        <translation>Freigabe bei Erstattung eigener Verkäufe</translation>
    </message>
    <message>
        <source>Own sales</source>
        <translation>Eigene Verkäufe</translation>
    </message>
    <message>
        <source>Cash refund limit</source>
        <translation>Grenze für Erstattungen in bar</translation>
    </message>
    <message>
        <source>Cash limit</source>
        <translation>Bargrenze</translation>
    </message>
    <message>
        <source>{currency}; more in cash needs a manager</source>
        <translation>{currency}; mehr in bar braucht die Filialleitung</translation>
    </message>
    <message>
        <source>A manager approves paying back another way</source>
        <translation>Freigabe bei anderer Zahlungsart</translation>
    </message>
    <message>
        <source>Other payment</source>
        <translation>Andere Zahlungsart</translation>
    </message>
    <message>
        <source>Store credit vouchers valid for days</source>
        <translation>Gutscheine gültig für Tage</translation>
    </message>
    <message>
        <source>Vouchers valid for</source>
        <translation>Gutscheine gültig für</translation>
    </message>
    <message>
        <source>from issue</source>
        <translation>ab Ausgabe</translation>
    </message>
    <message>
        <source>Complaints and product faults</source>
        <translation>Reklamationen und Produktfehler</translation>
    </message>
    <message>
        <source>Complaint categories</source>
        <translation>Reklamationskategorien</translation>
    </message>
    <message>
        <source>For example: Product quality, Service, Other</source>
        <translation>Zum Beispiel: Produktqualität, Service, Sonstiges</translation>
    </message>
    <message>
        <source>Categories</source>
        <translation>Kategorien</translation>
    </message>
    <message>
        <source>Complaints and returns that flag a fault</source>
        <translation>Reklamationen und Rückgaben, die einen Fehler melden</translation>
    </message>
    <message>
        <source>Flag a fault after</source>
        <translation>Fehler melden nach</translation>
    </message>
    <message>
        <source>complaints and returns of one product</source>
        <translation>Reklamationen und Rückgaben eines Produkts</translation>
    </message>
    <message>
        <source>Fault flag counted over days</source>
        <translation>Fehlermeldung gezählt über Tage</translation>
    </message>
    <message>
        <source>Customers&apos; personal data</source>
        <translation>Persönliche Daten der Kunden</translation>
    </message>
    <message>
        <source>Months customers&apos; details are kept</source>
        <translation>Monate, die Kundendaten aufbewahrt werden</translation>
    </message>
    <message>
        <source> months</source>
        <translation> Monate</translation>
    </message>
    <message>
        <source>Never erased</source>
        <translation>Nie gelöscht</translation>
    </message>
    <message>
        <source>Keep details for</source>
        <translation>Kundendaten aufbewahren</translation>
    </message>
    <message>
        <source>after the customer&apos;s last case closed; erased when the day is closed</source>
        <translation>nach Abschluss des letzten Vorgangs des Kunden; gelöscht beim Tagesabschluss</translation>
    </message>
    <message>
        <source>What customers read</source>
        <translation>Was Kunden lesen</translation>
    </message>
    <message>
        <source>On receipts and the notice by the counter.</source>
        <translation>Auf Kassenbons und dem Aushang am Schalter.</translation>
    </message>
    <message>
        <source>The policy could not be read: {error}</source>
        <translation>Die Rückgaberegeln konnten nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>Not saved: {error}</source>
        <translation>Nicht gespeichert: {error}</translation>
    </message>
    <message>
        <source>Saved as version {version}. It applies to every case from now on.</source>
        <translation>Als Version {version} gespeichert. Sie gilt ab jetzt für jeden Vorgang.</translation>
    </message>
    <message>
        <source>The preview waits for a correct form: {problem}</source>
        <translation>Die Vorschau wartet auf ein korrektes Formular: {problem}</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red and save again.</source>
        <translation>Nicht gespeichert: Korrigieren Sie die rot markierten Felder und speichern Sie erneut.</translation>
    </message>
</context>
<context>
    <name>ReturnScreen</name>
    <message>
        <source>Unopened</source>
        <translation>Ungeöffnet</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Damaged</source>
        <translation>Beschädigt</translation>
    </message>
    <message>
        <source>Defective</source>
        <translation>Defekt</translation>
    </message>
    <message>
        <source>As paid</source>
        <translation>Wie bezahlt</translation>
    </message>
    <message>
        <source>Store credit</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Cash</source>
        <translation>Bar</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>cash</source>
        <translation>bar</translation>
    </message>
    <message>
        <source>card</source>
        <translation>Karte</translation>
    </message>
    <message>
        <source>store credit</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Artikel</translation>
    </message>
    <message>
        <source>Bought</source>
        <translation>Gekauft</translation>
    </message>
    <message>
        <source>Can return</source>
        <translation>Rückgebbar</translation>
    </message>
    <message>
        <source>Return</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <source>Condition</source>
        <translation>Zustand</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>New return</source>
        <translation>Neue Rückgabe</translation>
    </message>
    <message>
        <source>a return</source>
        <translation>eine Rückgabe</translation>
    </message>
    <message>
        <source>Return {number} saved.</source>
        <translation>Rückgabe {number} gespeichert.</translation>
    </message>
    <message>
        <source>Complete return  (Ctrl+Enter)</source>
        <translation>Rückgabe abschließen  (Strg+Enter)</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>Receipt number</source>
        <translation>Kassenbonnummer</translation>
    </message>
    <message>
        <source>Scan or type the receipt number, then Enter</source>
        <translation>Kassenbon scannen oder eingeben, dann Enter</translation>
    </message>
    <message>
        <source>No receipt</source>
        <translation>Ohne Kassenbon</translation>
    </message>
    <message>
        <source>Item barcode</source>
        <translation>Artikel-Barcode</translation>
    </message>
    <message>
        <source>Scan the item&apos;s barcode, then Enter</source>
        <translation>Barcode des Artikels scannen, dann Enter</translation>
    </message>
    <message>
        <source>Receipt</source>
        <translation>Kassenbon</translation>
    </message>
    <message>
        <source>Customer name</source>
        <translation>Name des Kunden</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Customer phone</source>
        <translation>Telefon des Kunden</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Customer agrees we keep these details</source>
        <translation>Kunde stimmt der Speicherung zu</translation>
    </message>
    <message>
        <source>Customer (optional with a receipt)</source>
        <translation>Kunde (mit Kassenbon freiwillig)</translation>
    </message>
    <message>
        <source>Refund to</source>
        <translation>Erstattung an</translation>
    </message>
    <message>
        <source>Card refund reference</source>
        <translation>Referenz der Kartenerstattung</translation>
    </message>
    <message>
        <source>Card terminal reference (card refunds)</source>
        <translation>Terminal-Referenz (Karte)</translation>
    </message>
    <message>
        <source>card ending {last4}</source>
        <translation>Karte mit Endziffern {last4}</translation>
    </message>
    <message>
        <source>Receipt {number}, {sold}, {total} paid by {tender}.</source>
        <translation>Kassenbon {number}, {sold}, {total} bezahlt mit {tender}.</translation>
    </message>
    <message>
        <source>Type how many of each item come back.</source>
        <translation>Geben Sie ein, wie viele von jedem Artikel zurückkommen.</translation>
    </message>
    <message>
        <source>Item {code}</source>
        <translation>Artikel {code}</translation>
    </message>
    <message>
        <source>Choose at least one item to return: type how many come back.</source>
        <translation>Wählen Sie mindestens einen Artikel: Geben Sie ein, wie viele zurückkommen.</translation>
    </message>
    <message>
        <source>Not completed: the return needs a manager&apos;s approval.</source>
        <translation>Nicht abgeschlossen: Die Rückgabe braucht die Freigabe durch die Filialleitung.</translation>
    </message>
    <message>
        <source>Without a receipt the policy gives store credit at the lowest recent price; add the customer&apos;s name and phone below.</source>
        <translation>Ohne Kassenbon gibt es laut Rückgaberegeln einen Gutschein zum niedrigsten aktuellen Preis; tragen Sie unten Name und Telefon des Kunden ein.</translation>
    </message>
    <message>
        <source>How many {item} come back</source>
        <translation>Wie viele {item} zurückkommen</translation>
    </message>
    <message>
        <source>Condition of {item}</source>
        <translation>Zustand von {item}</translation>
    </message>
    <message>
        <source>Why {item} comes back</source>
        <translation>Warum {item} zurückkommt</translation>
    </message>
    <message>
        <source>Refund {amount}</source>
        <translation>Erstattung {amount}</translation>
    </message>
    <message>
        <source>The policy refuses a line: see its reasons.</source>
        <translation>Die Rückgaberegeln lehnen eine Zeile ab: Siehe die Gründe.</translation>
    </message>
    <message>
        <source>A manager must approve this return; Complete asks for their PIN.</source>
        <translation>Die Filialleitung muss diese Rückgabe freigeben; beim Abschließen wird ihre PIN abgefragt.</translation>
    </message>
    <message>
        <source>The policy allows this return.</source>
        <translation>Die Rückgaberegeln erlauben diese Rückgabe.</translation>
    </message>
    <message>
        <source>Refund: {refunds}.</source>
        <translation>Erstattung: {refunds}.</translation>
    </message>
    <message>
        <source>nothing</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Paid: {charges}.</source>
        <translation>Bezahlt: {charges}.</translation>
    </message>
    <message>
        <source>Approved by {name}.</source>
        <translation>Freigegeben von {name}.</translation>
    </message>
    <message>
        <source>{amount} to {means}</source>
        <translation>{amount} auf {means}</translation>
    </message>
    <message>
        <source>{amount} by {means}</source>
        <translation>{amount} mit {means}</translation>
    </message>
    <message>
        <source>voucher {code}</source>
        <translation>Gutschein {code}</translation>
    </message>
</context>
<context>
    <name>SetAsideDialog</name>
    <message>
        <source>Changes head office refused</source>
        <translation>Von der Zentrale abgelehnte Änderungen</translation>
    </message>
    <message>
        <source>Head office refused these changes, so they are set aside on this PC and everything else is still sent. Nothing is deleted. Tell IT what head office said (the last column); once they fix it, the changes can be sent.</source>
        <translation>Die Zentrale hat diese Änderungen abgelehnt. Sie bleiben auf diesem PC zurückgestellt, alles andere wird weiter gesendet. Nichts wird gelöscht. Sagen Sie der IT, was die Zentrale geantwortet hat (letzte Spalte); sobald sie es behebt, können die Änderungen gesendet werden.</translation>
    </message>
    <message>
        <source>What</source>
        <translation>Was</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>Head office said</source>
        <translation>Antwort der Zentrale</translation>
    </message>
    <message>
        <source>Head office has refused nothing.</source>
        <translation>Die Zentrale hat nichts abgelehnt.</translation>
    </message>
    <message>
        <source>Close (Esc)</source>
        <translation>Schließen (Esc)</translation>
    </message>
</context>
<context>
    <name>SettingsProblemDialog</name>
    <message>
        <source>Counter cannot start</source>
        <translation>Counter kann nicht starten</translation>
    </message>
    <message>
        <source>One of this counter&apos;s settings is not valid.</source>
        <translation>Eine Einstellung dieses Schalters ist ungültig.</translation>
    </message>
    <message>
        <source>Counter will close now. Show this message to your IT contact: the setting is an environment variable of this PC or of the shortcut that starts Counter.</source>
        <translation>Counter wird jetzt beendet. Zeigen Sie diese Meldung Ihrer IT-Ansprechperson: Die Einstellung ist eine Umgebungsvariable dieses PCs oder der Verknüpfung, die Counter startet.</translation>
    </message>
</context>
<context>
    <name>SettingsScreen</name>
    <message>
        <source>Receipts</source>
        <translation>Kassenbons</translation>
    </message>
    <message>
        <source>Return labels</source>
        <translation>Rücksende-Etiketten</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>Gutscheine</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Berichte</translation>
    </message>
    <message>
        <source>Save as PDF in a folder</source>
        <translation>Als PDF speichern</translation>
    </message>
    <message>
        <source>A printer of this PC</source>
        <translation>Ein Drucker dieses PCs</translation>
    </message>
    <message>
        <source>ESC/POS receipt printer</source>
        <translation>ESC/POS-Bondrucker</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>This counter PC, and the store it serves. Ctrl+S saves the section you are in.</source>
        <translation>Dieser Schalter-PC und die Filiale, für die er arbeitet. Strg+S speichert den Abschnitt, in dem Sie sind.</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>About Counter  (F1)</source>
        <translation>Über Counter  (F1)</translation>
    </message>
    <message>
        <source>Save everything  (Ctrl+Shift+S)</source>
        <translation>Alles speichern  (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Display</source>
        <translation>Anzeige</translation>
    </message>
    <message>
        <source>For everyone at this counter; anyone signed in may change it.</source>
        <translation>Für alle an diesem Schalter; alle Angemeldeten dürfen sie ändern.</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>High contrast: stronger colours and borders</source>
        <translation>Hoher Kontrast: kräftigere Farben und Rahmen</translation>
    </message>
    <message>
        <source>Contrast</source>
        <translation>Kontrast</translation>
    </message>
    <message>
        <source>Save display  (Ctrl+S)</source>
        <translation>Anzeige speichern  (Strg+S)</translation>
    </message>
    <message>
        <source>Store details</source>
        <translation>Filialdaten</translation>
    </message>
    <message>
        <source>What receipts and labels say about the store.</source>
        <translation>Was Kassenbons und Etiketten über die Filiale sagen.</translation>
    </message>
    <message>
        <source>Only a manager can change the store&apos;s details; ask a manager to sign in.</source>
        <translation>Nur die Filialleitung kann die Filialdaten ändern; bitten Sie die Filialleitung, sich anzumelden.</translation>
    </message>
    <message>
        <source>Store name</source>
        <translation>Name der Filiale</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Zeitzone</translation>
    </message>
    <message>
        <source>Locale</source>
        <translation>Gebietsschema</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Währung</translation>
    </message>
    <message>
        <source>Save store details  (Ctrl+S)</source>
        <translation>Filialdaten speichern  (Strg+S)</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>Where each kind of document goes. Save as PDF works on any PC.</source>
        <translation>Wohin jede Art von Dokument geht. Als PDF speichern funktioniert auf jedem PC.</translation>
    </message>
    <message>
        <source>Only a manager can change the printers; ask a manager to sign in.</source>
        <translation>Nur die Filialleitung kann die Drucker ändern; bitten Sie die Filialleitung, sich anzumelden.</translation>
    </message>
    <message>
        <source>Receipt width in characters</source>
        <translation>Bonbreite in Zeichen</translation>
    </message>
    <message>
        <source>{count} characters</source>
        <translation>{count} Zeichen</translation>
    </message>
    <message>
        <source>Ship returns to</source>
        <translation>Rücksendungen an</translation>
    </message>
    <message>
        <source>Returns Centre
Unit 4, Harbour Road
Dublin D01 X2Y3
(one line each)</source>
        <translation>Rücksendezentrum
Hafenstraße 4
10115 Berlin
(je Angabe eine Zeile)</translation>
    </message>
    <message>
        <source>How to print {document}</source>
        <translation>Wie {document} gedruckt werden</translation>
    </message>
    <message>
        <source>Print with</source>
        <translation>Drucken mit</translation>
    </message>
    <message>
        <source>Printer for {document}</source>
        <translation>Drucker für {document}</translation>
    </message>
    <message>
        <source>No printers found on this PC</source>
        <translation>Keine Drucker auf diesem PC gefunden</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Drucker</translation>
    </message>
    <message>
        <source>ESC/POS address for {document}</source>
        <translation>ESC/POS-Adresse für {document}</translation>
    </message>
    <message>
        <source>ESC/POS address</source>
        <translation>ESC/POS-Adresse</translation>
    </message>
    <message>
        <source>Receipt width</source>
        <translation>Bonbreite</translation>
    </message>
    <message>
        <source>PDF folder for {document}</source>
        <translation>PDF-Ordner für {document}</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen…</translation>
    </message>
    <message>
        <source>Choose the PDF folder for {document}</source>
        <translation>PDF-Ordner für {document} wählen</translation>
    </message>
    <message>
        <source>PDF folder</source>
        <translation>PDF-Ordner</translation>
    </message>
    <message>
        <source>Save printers  (Ctrl+S)</source>
        <translation>Drucker speichern  (Strg+S)</translation>
    </message>
    <message>
        <source>Head office</source>
        <translation>Zentrale</translation>
    </message>
    <message>
        <source>Where this store sends its cases; leave empty if it has no head office.</source>
        <translation>Wohin diese Filiale ihre Vorgänge sendet; leer lassen, wenn es keine Zentrale gibt.</translation>
    </message>
    <message>
        <source>Only a manager can change the head office connection.</source>
        <translation>Nur die Filialleitung kann die Verbindung zur Zentrale ändern.</translation>
    </message>
    <message>
        <source>Head office address</source>
        <translation>Adresse der Zentrale</translation>
    </message>
    <message>
        <source>Head office token</source>
        <translation>Token der Zentrale</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Anzeigen</translation>
    </message>
    <message>
        <source>Show the token as typed</source>
        <translation>Token im Klartext anzeigen</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>Token</translation>
    </message>
    <message>
        <source>Remove the saved token</source>
        <translation>Gespeichertes Token entfernen</translation>
    </message>
    <message>
        <source>Changes head office refused…</source>
        <translation>Von der Zentrale abgelehnte Änderungen…</translation>
    </message>
    <message>
        <source>Save head office  (Ctrl+S)</source>
        <translation>Zentrale speichern  (Strg+S)</translation>
    </message>
    <message>
        <source>Auto-lock</source>
        <translation>Automatische Sperre</translation>
    </message>
    <message>
        <source>The counter signs out by itself when no one has used it for a while.</source>
        <translation>Der Schalter meldet sich von selbst ab, wenn ihn eine Weile niemand benutzt hat.</translation>
    </message>
    <message>
        <source>Only a manager can change the auto-lock time.</source>
        <translation>Nur die Filialleitung kann die Zeit für das automatische Sperren ändern.</translation>
    </message>
    <message>
        <source>Lock after minutes without use</source>
        <translation>Sperren nach Minuten ohne Benutzung</translation>
    </message>
    <message>
        <source> minutes</source>
        <translation> Minuten</translation>
    </message>
    <message>
        <source>Lock after</source>
        <translation>Sperren nach</translation>
    </message>
    <message>
        <source>Save auto-lock  (Ctrl+S)</source>
        <translation>Sperrzeit speichern  (Strg+S)</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>Datenordner</translation>
    </message>
    <message>
        <source>Where this counter keeps its database, backups and saved PDFs.</source>
        <translation>Wo dieser Schalter seine Datenbank, Sicherungen und gespeicherten PDFs ablegt.</translation>
    </message>
    <message>
        <source>Only a manager can choose another data folder.</source>
        <translation>Nur die Filialleitung kann einen anderen Datenordner wählen.</translation>
    </message>
    <message>
        <source>In use now</source>
        <translation>Jetzt in Gebrauch</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>Use another folder from next start…</source>
        <translation>Ab dem nächsten Start anderen Ordner verwenden…</translation>
    </message>
    <message>
        <source>Use the standard folder from next start</source>
        <translation>Ab dem nächsten Start den Standardordner verwenden</translation>
    </message>
    <message>
        <source>The store&apos;s details could not be read: {error}</source>
        <translation>Die Filialdaten konnten nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>A token is set. Type a new one to replace it.</source>
        <translation>Ein Token ist gesetzt. Geben Sie ein neues ein, um es zu ersetzen.</translation>
    </message>
    <message>
        <source>Set (hidden)</source>
        <translation>Gesetzt (verborgen)</translation>
    </message>
    <message>
        <source>No token is set.</source>
        <translation>Kein Token gesetzt.</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht gesetzt</translation>
    </message>
    <message>
        <source>From the next start: {folder}</source>
        <translation>Ab dem nächsten Start: {folder}</translation>
    </message>
    <message>
        <source>COUNTER_DATA_DIR is set on this PC ({folder}); it wins over a folder chosen here.</source>
        <translation>COUNTER_DATA_DIR ist auf diesem PC gesetzt ({folder}); es hat Vorrang vor einem hier gewählten Ordner.</translation>
    </message>
    <message>
        <source>Save  (Ctrl+Shift+S)</source>
        <translation>Speichern  (Strg+Umschalt+S)</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Verbergen</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Gespeichert.</translation>
    </message>
    <message>
        <source>No changes to save.</source>
        <translation>Keine Änderungen zu speichern.</translation>
    </message>
    <message>
        <source>Everything is saved.</source>
        <translation>Alles ist gespeichert.</translation>
    </message>
    <message>
        <source>Not everything was saved: see the messages in red above.</source>
        <translation>Nicht alles wurde gespeichert: siehe die roten Meldungen oben.</translation>
    </message>
    <message>
        <source>Not saved: {reason}</source>
        <translation>Nicht gespeichert: {reason}</translation>
    </message>
    <message>
        <source>Not saved: correct the fields marked in red.</source>
        <translation>Nicht gespeichert: Korrigieren Sie die rot markierten Felder.</translation>
    </message>
    <message>
        <source>Folder for the PDFs</source>
        <translation>Ordner für die PDFs</translation>
    </message>
    <message>
        <source>The folder could not be opened here; its path is shown above.</source>
        <translation>Der Ordner konnte hier nicht geöffnet werden; sein Pfad steht oben.</translation>
    </message>
    <message>
        <source>Data folder from the next start</source>
        <translation>Datenordner ab dem nächsten Start</translation>
    </message>
    <message>
        <source>Not changed: {reason}</source>
        <translation>Nicht geändert: {reason}</translation>
    </message>
    <message>
        <source>From the next start, Counter uses this PC&apos;s standard data folder. Nothing is moved: copy the data there first if it should come along.</source>
        <translation>Ab dem nächsten Start verwendet Counter den Standard-Datenordner dieses PCs. Nichts wird verschoben: Kopieren Sie die Daten zuerst dorthin, wenn sie mitkommen sollen.</translation>
    </message>
    <message>
        <source>From the next start, Counter uses {folder}. Nothing is moved: the data stays in {current}. Copy it there while Counter is closed, or the next start begins with an empty folder.</source>
        <translation>Ab dem nächsten Start verwendet Counter {folder}. Nichts wird verschoben: Die Daten bleiben in {current}. Kopieren Sie sie dorthin, während Counter geschlossen ist, sonst beginnt der nächste Start mit einem leeren Ordner.</translation>
    </message>
</context>
<context>
    <name>StaffList</name>
    <message>
        <source>Locked until {time}</source>
        <translation>Gesperrt bis {time}</translation>
    </message>
    <message>
        <source>Staff</source>
        <translation>Mitarbeiter</translation>
    </message>
</context>
<context>
    <name>StorageProblemDialog</name>
    <message>
        <source>Counter cannot start</source>
        <translation>Counter kann nicht starten</translation>
    </message>
    <message>
        <source>Counter cannot open this counter&apos;s data.</source>
        <translation>Counter kann die Daten dieses Schalters nicht öffnen.</translation>
    </message>
    <message>
        <source>Counter will close now. After the problem is fixed, start Counter again. If you need help, show this message to your IT contact.</source>
        <translation>Counter wird jetzt geschlossen. Starten Sie Counter neu, sobald das Problem behoben ist. Wenn Sie Hilfe brauchen, zeigen Sie diese Meldung Ihrem IT-Ansprechpartner.</translation>
    </message>
</context>
<context>
    <name>SummaryScreen</name>
    <message>
        <source>Today at a glance</source>
        <translation>Heute auf einen Blick</translation>
    </message>
    <message>
        <source>Back  (Esc)</source>
        <translation>Zurück  (Esc)</translation>
    </message>
    <message>
        <source>◀ Previous day</source>
        <translation>◀ Vortag</translation>
    </message>
    <message>
        <source>One day earlier (Alt+Left)</source>
        <translation>Einen Tag früher (Alt+Links)</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>Next day ▶</source>
        <translation>Nächster Tag ▶</translation>
    </message>
    <message>
        <source>One day later (Alt+Right)</source>
        <translation>Einen Tag später (Alt+Rechts)</translation>
    </message>
    <message>
        <source>Today  (Ctrl+T)</source>
        <translation>Heute  (Strg+T)</translation>
    </message>
    <message>
        <source>Save as PDF…  (Ctrl+S)</source>
        <translation>Als PDF speichern…  (Strg+S)</translation>
    </message>
    <message>
        <source>Save as CSV…  (Ctrl+E)</source>
        <translation>Als CSV speichern…  (Strg+E)</translation>
    </message>
    <message>
        <source>to</source>
        <translation>bis</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Cases</source>
        <translation>Vorgänge</translation>
    </message>
    <message>
        <source>Refunded</source>
        <translation>Erstattet</translation>
    </message>
    <message>
        <source>Charged</source>
        <translation>Berechnet</translation>
    </message>
    <message>
        <source>Tender</source>
        <translation>Zahlungsart</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Betrag</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategorie</translation>
    </message>
    <message>
        <source>Complaints</source>
        <translation>Reklamationen</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>Dringlichkeit</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Filialleitung</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Opened</source>
        <translation>Geöffnet</translation>
    </message>
    <message>
        <source>Cases by type</source>
        <translation>Vorgänge nach Art</translation>
    </message>
    <message>
        <source>Refunds by tender</source>
        <translation>Erstattungen nach Zahlungsart</translation>
    </message>
    <message>
        <source>Complaints by category</source>
        <translation>Reklamationen nach Kategorie</translation>
    </message>
    <message>
        <source>Complaints by severity</source>
        <translation>Reklamationen nach Dringlichkeit</translation>
    </message>
    <message>
        <source>Open cases by age</source>
        <translation>Offene Vorgänge nach Alter</translation>
    </message>
    <message>
        <source>Manager overrides: who, why, how much</source>
        <translation>Freigaben der Filialleitung: wer, warum, wie viel</translation>
    </message>
    <message>
        <source>Headline figures</source>
        <translation>Wichtigste Kennzahlen</translation>
    </message>
    <message>
        <source>Chart of complaints by category</source>
        <translation>Diagramm der Reklamationen nach Kategorie</translation>
    </message>
    <message>
        <source>Chart of refunds by tender</source>
        <translation>Diagramm der Erstattungen nach Zahlungsart</translation>
    </message>
    <message>
        <source>Chart of cases by hour of day</source>
        <translation>Diagramm der Vorgänge nach Tageszeit</translation>
    </message>
    <message>
        <source>Reading the figures…</source>
        <translation>Die Zahlen werden gelesen…</translation>
    </message>
    <message>
        <source>The figures could not be read: {error}</source>
        <translation>Die Zahlen konnten nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>{first} to {last}</source>
        <translation>{first} bis {last}</translation>
    </message>
    <message>
        <source>{days} (store time, {zone})</source>
        <translation>{days} (Zeit der Filiale, {zone})</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>Kennzahl</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>vs. {day}</source>
        <translation>ggü. {day}</translation>
    </message>
    <message>
        <source>vs. 4-week average</source>
        <translation>ggü. 4-Wochen-Durchschnitt</translation>
    </message>
    <message>
        <source>Cash to reconcile (out of the drawer): {amount}</source>
        <translation>Abzugleichendes Bargeld (aus der Kasse): {amount}</translation>
    </message>
    <message>
        <source>No complaints on these days.</source>
        <translation>An diesen Tagen gab es keine Reklamationen.</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Summe</translation>
    </message>
    <message>
        <source>No overrides on these days.</source>
        <translation>An diesen Tagen gab es keine Freigaben.</translation>
    </message>
    <message>
        <source>Follow-up due today</source>
        <translation>Wiedervorlage heute fällig</translation>
    </message>
    <message>
        <source>Follow-up overdue</source>
        <translation>Wiedervorlage überfällig</translation>
    </message>
    <message>
        <source>Total still open</source>
        <translation>Noch offen gesamt</translation>
    </message>
    <message>
        <source>No refunds on these days.</source>
        <translation>An diesen Tagen gab es keine Erstattungen.</translation>
    </message>
    <message>
        <source>Cases by hour of day</source>
        <translation>Vorgänge nach Tageszeit</translation>
    </message>
    <message>
        <source>No cases on these days.</source>
        <translation>An diesen Tagen gab es keine Vorgänge.</translation>
    </message>
    <message>
        <source>Save the summary as PDF</source>
        <translation>Die Übersicht als PDF speichern</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Save the summary as CSV</source>
        <translation>Die Übersicht als CSV speichern</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>{file} was not saved: {reason}. Choose another folder.</source>
        <translation>{file} wurde nicht gespeichert: {reason}. Wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Saved: {file}</source>
        <translation>Gespeichert: {file}</translation>
    </message>
</context>
<context>
    <name>SyncStatusControls</name>
    <message>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message>
        <source>yesterday {time}</source>
        <translation>gestern {time}</translation>
    </message>
    <message>
        <source>Head office: not set up</source>
        <translation>Zentrale: nicht eingerichtet</translation>
    </message>
    <message>
        <source>A manager enters head office&apos;s address and token in Settings. Everything is saved on this PC meanwhile.</source>
        <translation>Die Filialleitung trägt Adresse und Token der Zentrale in den Einstellungen ein. Bis dahin wird alles auf diesem PC gespeichert.</translation>
    </message>
    <message>
        <source>Head office: syncing…</source>
        <translation>Zentrale: wird synchronisiert…</translation>
    </message>
    <message>
        <source>Head office: connecting…</source>
        <translation>Zentrale: Verbindung wird aufgebaut…</translation>
    </message>
    <message>
        <source>Head office: online</source>
        <translation>Zentrale: online</translation>
    </message>
    <message>
        <source>Head office: offline</source>
        <translation>Zentrale: offline</translation>
    </message>
    <message>
        <source>synced {when}</source>
        <translation>synchronisiert {when}</translation>
    </message>
    <message>
        <source>never synced</source>
        <translation>noch nie synchronisiert</translation>
    </message>
    <message>
        <source>Nothing is lost: the changes wait here and are sent when it answers again.</source>
        <translation>Nichts geht verloren: Die Änderungen warten hier und werden gesendet, sobald die Zentrale wieder antwortet.</translation>
    </message>
    <message>
        <source>Sync now ({keys})</source>
        <translation>Jetzt synchronisieren ({keys})</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
        <source>Send the waiting changes to head office and fetch its updates now ({keys}).</source>
        <translation>Wartende Änderungen jetzt an die Zentrale senden und deren Neuigkeiten abholen ({keys}).</translation>
    </message>
    <message>
        <source>Head office is not set up: a manager enters its address and token in Settings.</source>
        <translation>Die Zentrale ist nicht eingerichtet: Die Filialleitung trägt Adresse und Token in den Einstellungen ein.</translation>
    </message>
    <message>
        <source>Click to see them.</source>
        <translation>Klicken Sie, um sie anzusehen.</translation>
    </message>
    <message>
        <source>A manager can see them; please tell a manager.</source>
        <translation>Die Filialleitung kann sie ansehen; bitte sagen Sie der Filialleitung Bescheid.</translation>
    </message>
</context>
<context>
    <name>SyncStatusPlurals</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n wartend</numerusform>
            <numerusform>%n wartend</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait to be sent to head office.</source>
        <translation>
            <numerusform>%n Änderung wartet darauf, an die Zentrale gesendet zu werden.</numerusform>
            <numerusform>%n Änderungen warten darauf, an die Zentrale gesendet zu werden.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n set aside</source>
        <translation>
            <numerusform>%n zurückgestellt</numerusform>
            <numerusform>%n zurückgestellt</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were refused by head office and are set aside.</source>
        <translation>
            <numerusform>%n Änderung wurde von der Zentrale abgelehnt und ist zurückgestellt.</numerusform>
            <numerusform>%n Änderungen wurden von der Zentrale abgelehnt und sind zurückgestellt.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SystemPrinterSender</name>
    <message>
        <source>receipt</source>
        <translation>Kassenbon</translation>
    </message>
    <message>
        <source>return label</source>
        <translation>Rücksendeetikett</translation>
    </message>
    <message>
        <source>voucher</source>
        <translation>Gutschein</translation>
    </message>
    <message>
        <source>Z report</source>
        <translation>Z-Bon</translation>
    </message>
    <message>
        <source>No system printer is chosen for the {document}. Choose one in Settings; the {document} stays queued.</source>
        <translation>Für das Dokument ({document}) ist kein Systemdrucker gewählt. Wählen Sie einen in den Einstellungen; das Dokument ({document}) bleibt in der Druckwarteschlange.</translation>
    </message>
    <message>
        <source>There is no printer called {name} on this PC. Check it is installed and its name in Settings; the {document} stays queued.</source>
        <translation>Auf diesem PC gibt es keinen Drucker namens {name}. Prüfen Sie, ob er installiert ist und wie er in den Einstellungen heißt; das Dokument ({document}) bleibt in der Druckwarteschlange.</translation>
    </message>
    <message>
        <source>The printer {name} cannot be used right now. Check it is on and connected; the {document} stays queued.</source>
        <translation>Der Drucker {name} ist gerade nicht nutzbar. Prüfen Sie, ob er eingeschaltet und angeschlossen ist; das Dokument ({document}) bleibt in der Druckwarteschlange.</translation>
    </message>
    <message>
        <source>The {document} for {reference} could not be read from the print queue; print it again from the case.</source>
        <translation>Das Dokument ({document}) zu {reference} konnte nicht aus der Druckwarteschlange gelesen werden; drucken Sie es erneut aus dem Vorgang.</translation>
    </message>
    <message>
        <source>The printer {name} did not start the {document}. Check it is on and has paper; the {document} stays queued.</source>
        <translation>Der Drucker {name} hat den Druck ({document}) nicht begonnen. Prüfen Sie, ob er eingeschaltet ist und Papier hat; das Dokument ({document}) bleibt in der Druckwarteschlange.</translation>
    </message>
    <message>
        <source>The printer {name} stopped in the middle of the {document}. Check it has paper; the {document} stays queued.</source>
        <translation>Der Drucker {name} hat mitten im Druck ({document}) angehalten. Prüfen Sie, ob er Papier hat; das Dokument ({document}) bleibt in der Druckwarteschlange.</translation>
    </message>
    <message>
        <source>The printer {name} did not take the {document}. Check it is on and connected; the {document} stays queued.</source>
        <translation>Der Drucker {name} hat das Dokument ({document}) nicht angenommen. Prüfen Sie, ob er eingeschaltet und angeschlossen ist; das Dokument ({document}) bleibt in der Druckwarteschlange.</translation>
    </message>
</context>
<context>
    <name>TodaysCases</name>
    <message>
        <source>Today&apos;s cases</source>
        <translation>Vorgänge von heute</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>Uhrzeit</translation>
    </message>
    <message>
        <source>Case</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <source>No cases yet today.</source>
        <translation>Heute noch keine Vorgänge.</translation>
    </message>
    <message>
        <source>All cases  (Ctrl+F)</source>
        <translation>Alle Vorgänge  (Strg+F)</translation>
    </message>
    <message>
        <source>Search every case, of any day.</source>
        <translation>Alle Vorgänge aller Tage durchsuchen.</translation>
    </message>
    <message>
        <source>Open case</source>
        <translation>Vorgang öffnen</translation>
    </message>
    <message>
        <source>Open the chosen case (Enter).</source>
        <translation>Den gewählten Vorgang öffnen (Enter).</translation>
    </message>
    <message>
        <source>Reading…</source>
        <translation>Wird gelesen…</translation>
    </message>
    <message>
        <source>Could not read today&apos;s cases: {problem}</source>
        <translation>Die Vorgänge von heute konnten nicht gelesen werden: {problem}</translation>
    </message>
    <message>
        <source>{total} today, {still_open} still open</source>
        <translation>{total} heute, {still_open} noch offen</translation>
    </message>
</context>
<context>
    <name>WalkInQueue</name>
    <message>
        <source>Return</source>
        <translation>Rückgabe</translation>
    </message>
    <message>
        <source>Exchange</source>
        <translation>Umtausch</translation>
    </message>
    <message>
        <source>Complaint</source>
        <translation>Reklamation</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <source>Queue</source>
        <translation>Warteschlange</translation>
    </message>
    <message>
        <source>Who (optional)</source>
        <translation>Wer (optional)</translation>
    </message>
    <message>
        <source>Who is waiting</source>
        <translation>Wer wartet</translation>
    </message>
    <message>
        <source>What they came for</source>
        <translation>Anliegen</translation>
    </message>
    <message>
        <source>Add  (Ctrl+N)</source>
        <translation>Hinzufügen  (Strg+N)</translation>
    </message>
    <message>
        <source>Put the customer in the queue with the next number.</source>
        <translation>Den Kunden mit der nächsten Nummer in die Warteschlange stellen.</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>For</source>
        <translation>Anliegen</translation>
    </message>
    <message>
        <source>Waited</source>
        <translation>Gewartet</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Nobody is waiting. Add each customer as they arrive (Ctrl+N).</source>
        <translation>Niemand wartet. Fügen Sie jeden Kunden hinzu, sobald er ankommt (Strg+N).</translation>
    </message>
    <message>
        <source>Call next  (F5)</source>
        <translation>Nächsten aufrufen  (F5)</translation>
    </message>
    <message>
        <source>Call the customer chosen in the list, or the one waiting longest.</source>
        <translation>Den in der Liste gewählten Kunden aufrufen oder den, der am längsten wartet.</translation>
    </message>
    <message>
        <source>Served</source>
        <translation>Bedient</translation>
    </message>
    <message>
        <source>Served without a case (a question answered).</source>
        <translation>Ohne Vorgang bedient (eine Frage beantwortet).</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>Gegangen</translation>
    </message>
    <message>
        <source>The customer went away before being served.</source>
        <translation>Der Kunde ist gegangen, bevor er bedient wurde.</translation>
    </message>
    <message>
        <source>Number {ticket} is in the queue.</source>
        <translation>Nummer {ticket} ist in der Warteschlange.</translation>
    </message>
    <message>
        <source>Nobody is waiting.</source>
        <translation>Niemand wartet.</translation>
    </message>
    <message>
        <source>Number {ticket} to the counter, please.</source>
        <translation>Nummer {ticket} bitte zum Schalter.</translation>
    </message>
    <message>
        <source>Choose a customer in the list first.</source>
        <translation>Wählen Sie zuerst einen Kunden in der Liste.</translation>
    </message>
    <message>
        <source>Number {ticket} left the queue.</source>
        <translation>Nummer {ticket} hat die Warteschlange verlassen.</translation>
    </message>
    <message>
        <source>Number {ticket} was served.</source>
        <translation>Nummer {ticket} wurde bedient.</translation>
    </message>
    <message>
        <source>With {name}</source>
        <translation>Bei {name}</translation>
    </message>
    <message>
        <source>Arrived {time}</source>
        <translation>Angekommen {time}</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>(ohne Namen)</translation>
    </message>
    <message>
        <source>{waiting} waiting, {serving} at the counter</source>
        <translation>{waiting} warten, {serving} am Schalter</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>Coming in the next release</source>
        <translation>Kommt mit der nächsten Version</translation>
    </message>
    <message>
        <source>Clerk</source>
        <translation>Mitarbeiter</translation>
    </message>
    <message>
        <source>Manager</source>
        <translation>Filialleitung</translation>
    </message>
</context>
<context>
    <name>_Tile</name>
    <message>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>{name} entfernen</translation>
    </message>
    <message>
        <source>FILE</source>
        <translation>DATEI</translation>
    </message>
    <message>
        <source>Photo {name}</source>
        <translation>Foto {name}</translation>
    </message>
</context>
</TS>
