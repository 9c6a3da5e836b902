<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
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
