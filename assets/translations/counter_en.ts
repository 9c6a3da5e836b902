<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_US">
<context>
    <name>CounterStatusBar</name>
    <message numerus="yes">
        <source>%n change(s) to send</source>
        <translation>
            <numerusform>%n change to send</numerusform>
            <numerusform>%n changes to send</numerusform>
        </translation>
    </message>
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
    <name>HomeScreen</name>
    <message numerus="yes">
        <source>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minute(s) without use.</source>
        <translation>
            <numerusform>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minute without use.</numerusform>
            <numerusform>Leaving the counter? Press Lock or Ctrl+L. Counter also locks itself after %n minutes without use.</numerusform>
        </translation>
    </message>
</context>
</TS>