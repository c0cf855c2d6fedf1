<#
.SYNOPSIS
  Installs the zcrm-bridge native messaging host on Windows: copies zcrm-bridge.exe into the program folder, writes
  the host manifests beside it and points each browser's registry key at them. Per user by default
  (%LOCALAPPDATA%\Programs\zcrm-bridge, HKCU), for every user with -System (%ProgramFiles%\zcrm-bridge, HKLM).
  The per-user MSI (installer/windows/build-msi.sh) writes the same files and keys for Chrome, Chromium, Brave,
  Edge and Firefox.

  NOT RUN HERE: the repository's machine has no PowerShell. tests/installer/tables.test.mjs and managed.test.mjs
  check this script as text (its key table, its folders); only a real Windows run proves it.

.DESCRIPTION
  Chrome (every channel: Beta, Dev, Canary too), Brave, Vivaldi and Opera read
  SOFTWARE\Google\Chrome\NativeMessagingHosts; Chromium, ungoogled-chromium and Thorium read SOFTWARE\Chromium\...
  first; Edge SOFTWARE\Microsoft\Edge\...; Firefox and LibreWolf SOFTWARE\Mozilla\...; the key <name>'s default
  value is the manifest's path. A managed Edge may ignore HKCU: use -System there. Floorp, Zen and Waterfox have no
  row: where they read on Windows is not known (installer/browsers.tsv).
  Everything written is listed in <record>\installed-files (the state folder %LOCALAPPDATA%\zcrm-bridge, or
  %ProgramData%\zcrm-bridge with -System); -Uninstall removes exactly that, and the program folder once empty.
  The vault the host keeps in its state folder stays.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File installer\windows\install.ps1 -HostPath C:\Downloads\zcrm-bridge.exe
  powershell -ExecutionPolicy Bypass -File installer\windows\install.ps1 -Uninstall
  powershell -ExecutionPolicy Bypass -File installer\windows\install.ps1 -System -Uninstall  (as administrator)
  powershell -ExecutionPolicy Bypass -File installer\windows\install.ps1 -Managed team.json -System
    (as administrator: the organisation's settings as machine policy, docs/MANAGED.md, and the host for every user;
    -ManagedRemove takes the policy back; -UpdateUrl / -InstallUrl also force-install the extension)
#>
[CmdletBinding()]
param(
  [string[]]$Browser = @(),
  [switch]$System,
  [switch]$Uninstall,
  [switch]$DryRun,
  [string]$Managed = '',
  [switch]$ManagedRemove,
  [string]$UpdateUrl = '',
  [string]$InstallUrl = '',
  # The cross-built host (cmake --preset windows); it is copied into the program folder, never used in place.
  [string]$HostPath = (Join-Path $PSScriptRoot '..\..\build-windows\host\zcrm-bridge.exe')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# BEGIN browsers.tsv windows rows (tests/installer/tables.test.mjs checks this block against installer/browsers.tsv)
$Browsers = [ordered]@{
  chrome = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  chromium = @{ Key = 'SOFTWARE\Chromium\NativeMessagingHosts'; Family = 'chromium' }
  brave = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  edge = @{ Key = 'SOFTWARE\Microsoft\Edge\NativeMessagingHosts'; Family = 'chromium' }
  vivaldi = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  opera = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  'chrome-beta' = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  'chrome-dev' = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  'chrome-canary' = @{ Key = 'SOFTWARE\Google\Chrome\NativeMessagingHosts'; Family = 'chromium' }
  'ungoogled-chromium' = @{ Key = 'SOFTWARE\Chromium\NativeMessagingHosts'; Family = 'chromium' }
  thorium = @{ Key = 'SOFTWARE\Chromium\NativeMessagingHosts'; Family = 'chromium' }
  firefox = @{ Key = 'SOFTWARE\Mozilla\NativeMessagingHosts'; Family = 'firefox' }
  librewolf = @{ Key = 'SOFTWARE\Mozilla\NativeMessagingHosts'; Family = 'firefox' }
}
# END browsers.tsv windows rows

$Manifests = Join-Path $PSScriptRoot '..\..\manifests'
$Identity = @{}
foreach ($line in Get-Content (Join-Path $Manifests 'identity.env')) {
  if ($line -match '^(ZCRM_[A-Z_]+)=(.*)$') { $Identity[$Matches[1]] = $Matches[2] }
}
$HostName = $Identity['ZCRM_HOST_NAME']

$Hive = if ($System) { 'HKLM:\' } else { 'HKCU:\' }
# The program folder: the host and its manifests, as the MSI lays them out.
$Program = if ($System) { Join-Path $env:ProgramFiles 'zcrm-bridge' } else { Join-Path $env:LOCALAPPDATA 'Programs\zcrm-bridge' }
$InstalledHost = Join-Path $Program 'zcrm-bridge.exe'
# The host's state folder on Windows (host/app/windows/state_dir.cpp): Local, not Roaming, AppData. With -System
# the record goes to ProgramData and config.json beside the host in the program folder, where the host reads it
# for every user who has no config.json of their own (only administrators can write there, as for the host itself).
$State = if ($System) { Join-Path $env:ProgramData 'zcrm-bridge' } elseif ($env:ZCRM_BRIDGE_HOME) { $env:ZCRM_BRIDGE_HOME } else { Join-Path $env:LOCALAPPDATA 'zcrm-bridge' }
$Record = Join-Path $State 'installed-files'

function Say([string]$Text) { Write-Output $Text }

function Add-Record([string]$Kind, [string]$Path) {
  $line = "$Kind`t$Path"
  if (-not (Test-Path $Record) -or -not ((Get-Content $Record) -contains $line)) { Add-Content -Path $Record -Value $line }
}

function Write-TextFile([string]$Path, [string]$Text) {
  if ($DryRun) { Say "would write $Path"; return }
  New-Item -ItemType Directory -Force -Path (Split-Path $Path) | Out-Null
  [System.IO.File]::WriteAllText($Path, $Text + "`n")
  Add-Record 'file' $Path
  Say "wrote $Path"
}

function Fill([string]$Template) {
  $escapedPath = ($InstalledHost | ConvertTo-Json).Trim('"')
  (Get-Content -Raw (Join-Path $Manifests $Template)).
    Replace('@ZCRM_HOST_NAME@', $HostName).
    Replace('@ZCRM_HOST_PATH@', $escapedPath).
    Replace('@ZCRM_CHROMIUM_EXTENSION_ID@', $Identity['ZCRM_CHROMIUM_EXTENSION_ID']).
    Replace('@ZCRM_GECKO_ID@', $Identity['ZCRM_GECKO_ID']).TrimEnd()
}

# The managed roll-out: policy only, unless -System also registers the host for every user (managed-policy.ps1).
if ($Managed -or $ManagedRemove) {
  . (Join-Path $PSScriptRoot 'managed-policy.ps1')
  if ($ManagedRemove) { Remove-ManagedPolicy; exit 0 }
  Write-ManagedPolicy $Managed $Browser
  if (-not $System) { exit 0 }
}

if ($Uninstall) {
  if (-not (Test-Path $Record)) { Say "Nothing to remove: $Record does not exist."; exit 0 }
  foreach ($line in Get-Content $Record) {
    $kind, $path = $line -split "`t", 2
    if ($DryRun) { Say "would remove $path"; continue }
    if ($kind -eq 'file' -and (Test-Path $path)) { Remove-Item -Force $path; Say "removed $path" }
    if ($kind -eq 'regkey' -and (Test-Path $path)) { Remove-Item -Force $path; Say "removed $path" }
  }
  if (-not $DryRun) {
    Remove-Item -Force $Record
    # The program folder goes once empty; anything else put there is kept.
    if ((Test-Path $Program) -and -not (Get-ChildItem -Force $Program)) { Remove-Item -Force $Program; Say "removed $Program" }
  }
  exit 0
}

if ($Browser.Count -eq 0) { $Browser = @($Browsers.Keys) }
foreach ($b in $Browser) {
  if (-not $Browsers.Contains($b)) { throw "unknown browser '$b' (known: $($Browsers.Keys -join ', '))" }
}
if (-not (Test-Path $HostPath -PathType Leaf)) { throw "no host program at $HostPath; pass -HostPath" }
$HostPath = (Resolve-Path $HostPath).Path
if (-not $DryRun) { New-Item -ItemType Directory -Force -Path $State | Out-Null }

# The host itself, copied so the download (or the build folder) can go; a re-run from the program folder keeps it.
# (A host a browser is running cannot be replaced: Copy-Item then fails; close the browser and run again.)
if ($DryRun) {
  Say "would copy $HostPath to $InstalledHost"
} elseif ($HostPath -ne $InstalledHost) {
  New-Item -ItemType Directory -Force -Path $Program | Out-Null
  Copy-Item -Force $HostPath $InstalledHost
  Add-Record 'file' $InstalledHost
  Say "copied $HostPath to $InstalledHost"
}

foreach ($b in $Browser) {
  $entry = $Browsers[$b]
  $manifest = Join-Path $Program "$HostName.$($entry.Family).json"
  Write-TextFile $manifest (Fill "$($entry.Family).json.in")
  $key = Join-Path $Hive (Join-Path $entry.Key $HostName)
  if ($DryRun) { Say "would set $key (default) = $manifest"; continue }
  New-Item -Path $key -Force | Out-Null
  Set-Item -Path $key -Value $manifest
  Add-Record 'regkey' $key
  Say "registered $key -> $manifest"
}
$config = Join-Path $(if ($System) { $Program } else { $State }) 'config.json'
if (Test-Path $config) {
  $json = Get-Content -Raw $config | ConvertFrom-Json
  $ids = @($Identity['ZCRM_CHROMIUM_EXTENSION_ID'], $Identity['ZCRM_GECKO_ID'])
  if ($json.PSObject.Properties.Name -contains 'allowed_extensions') { $ids += @($json.allowed_extensions) }
  $json | Add-Member -Force -NotePropertyName allowed_extensions -NotePropertyValue @($ids | Select-Object -Unique)
  if ($DryRun) { Say "would update $config" } else { $json | ConvertTo-Json -Depth 8 | Set-Content $config; Say "updated $config" }
} else {
  Write-TextFile $config (Fill 'config.json.in')
}
