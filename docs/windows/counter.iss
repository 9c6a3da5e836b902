; Inno Setup script: Counter's installer for Windows, made from the PyInstaller folder.
;   iscc /DAppVersion=0.1.0 docs\windows\counter.iss
; Run from the repository after `pyinstaller --noconfirm build.spec` has made dist\counter-app\.
; The installer lands in dist\installer\. Step by step: docs\windows\README.md.

; The version shown in Apps & features and in the installer's name; pass the release's.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define AppName "Counter"
; The desktop's starter, a windowed program; counter-app.exe beside it runs the command-line tools.
#define AppExe "Counter.exe"

[Setup]
; Windows knows the installed program by this id: never change it, or an upgrade installs a
; second copy beside the first. The doubled brace escapes the opening one.
AppId={{8FF5E8E8-B8FA-4614-A4C3-8EB762DCCB2D}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=Counter team
; One copy for every user of the PC: counters are shared by staff who sign in with a PIN.
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; PyInstaller builds 64-bit programs from 64-bit Python; Qt 6 needs Windows 10 or newer.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
UninstallDisplayIcon={app}\{#AppExe}
; The installer's own icon: Counter's mark, which the build put in the folder (build.spec).
SetupIconFile=..\..\dist\counter-app\_internal\assets\counter.ico
UninstallDisplayName={#AppName} {#AppVersion}
; Paths are relative to this script's folder: the installer goes next to the built folder.
OutputDir=..\..\dist\installer
OutputBaseFilename=counter-setup-{#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; English and German, as Counter itself; the language dialog shows only if neither matches.
ShowLanguageDialog=auto
; A running Counter holds its files open: Setup asks to close it (closes it when silent).
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "german"; MessagesFile: "compiler:Languages\German.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade replaces the whole bundle: files an older build had and this one lacks (a Qt
; plugin, an extension module) would otherwise stay and could be loaded. Program files only.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\..\dist\counter-app\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
; postinstall runs it as the user who started Setup, not the administrator, so the store's data
; folder is made in that user's profile.
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete]: the uninstaller removes only the program files and shortcuts it
; installed. The store's database, its backups and attachments live in each user's data folder,
; %LOCALAPPDATA%\Counter\Counter (platformdirs with APP_AUTHOR and APP_NAME "Counter", see
; counter_app\config.py), or in the folder named in data-folder.txt there; none of it is
; touched, so removing or reinstalling Counter never loses a store's records.
