<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>AuditScreen</name>
    <message numerus="yes">
        <source>%Ln of them had a customer&apos;s words erased under the retention policy, each erasure recorded in the chain.</source>
        <translation>
            <numerusform>%Ln of them had a customer&apos;s words erased under the retention policy, its erasure recorded in the chain.</numerusform>
            <numerusform>%Ln of them had a customer&apos;s words erased under the retention policy, each erasure recorded in the chain.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CounterStatusBar</name>
    <message numerus="yes">
        <source>Printing: %n waiting</source>
        <translation>
            <numerusform>Printing: %n waiting</numerusform>
            <numerusform>Printing: %n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n document(s) wait to print.</source>
        <translation>
            <numerusform>%n document waits to print.</numerusform>
            <numerusform>%n documents wait to print.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>HomePlurals</name>
    <message numerus="yes">
        <source>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minute without use.</numerusform>
            <numerusform>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minutes without use.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SyncStatusPlurals</name>
    <message numerus="yes">
        <source>%n min ago</source>
        <translation>
            <numerusform>%n min ago</numerusform>
            <numerusform>%n min ago</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting</source>
        <translation>
            <numerusform>%n waiting</numerusform>
            <numerusform>%n waiting</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) wait to be sent to head office.</source>
        <translation>
            <numerusform>%n change waits to be sent to head office.</numerusform>
            <numerusform>%n changes wait to be sent to head office.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n set aside</source>
        <translation>
            <numerusform>%n set aside</numerusform>
            <numerusform>%n set aside</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n change(s) were refused by head office and are set aside.</source>
        <translation>
            <numerusform>%n change was refused by head office and is set aside.</numerusform>
            <numerusform>%n changes were refused by head office and are set aside.</numerusform>
        </translation>
    </message>
</context>
</TS>
