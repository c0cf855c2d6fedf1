<#
  The managed roll-out on Windows (docs/MANAGED.md), dot-sourced by install.ps1 for -Managed and -ManagedRemove.
  Mirrors installer/managed-policy.py (Linux): an organisation's settings become machine policy (HKLM) that the
  browsers hand to the extension as storage.managed.

  Chrome, Chromium, Edge, Brave: <policy key>\3rdparty\extensions\<Chromium ID>\policy, one value per setting
  (a string as REG_SZ, a whole number as REG_DWORD, a list or an object as REG_SZ holding its JSON, which Chrome
  parses against the extension's managed_schema.json). With -UpdateUrl also <policy key>\ExtensionInstallForcelist
  "<n>" = "<id>;<url>" (Windows force-installs extensions from outside the Chrome Web Store only on machines joined
  to a domain or enrolled in cloud management).
  Firefox: SOFTWARE\Policies\Mozilla\Firefox\3rdparty\Extensions value "<gecko ID>" = the settings as JSON (the
  3rdparty policy takes JSON text); with -InstallUrl also the ExtensionSettings value (REG_MULTI_SZ, JSON) with the
  add-on's force_installed entry merged in.
  What it writes is listed in %ProgramData%\zcrm-bridge\managed-policy; -ManagedRemove takes back exactly that
  (the keys it created, the values it set, an earlier value put back).
#>

# BEGIN policies.tsv windows rows (tests/installer/managed.test.mjs checks this block against installer/policies.tsv)
$PolicyKeys = [ordered]@{
  chrome = 'SOFTWARE\Policies\Google\Chrome'
  chromium = 'SOFTWARE\Policies\Chromium'
  edge = 'SOFTWARE\Policies\Microsoft\Edge'
  brave = 'SOFTWARE\Policies\BraveSoftware\Brave'
  firefox = 'SOFTWARE\Policies\Mozilla\Firefox'
}
# END policies.tsv windows rows

$ManagedRecord = Join-Path $env:ProgramData 'zcrm-bridge\managed-policy'

function Assert-Administrator {
  if ($DryRun) { return }
  $principal = [Security.Principal.WindowsPrincipal][Security.Principal.WindowsIdentity]::GetCurrent()
  if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw ('-Managed writes machine policy (HKLM\SOFTWARE\Policies\...), which only an administrator can write: ' +
      'run PowerShell as administrator. Nothing was written.')
  }
}

function Add-ManagedRecord([string]$Line) {
  if ($DryRun) { return }
  New-Item -ItemType Directory -Force -Path (Split-Path $ManagedRecord) | Out-Null
  if (-not (Test-Path $ManagedRecord) -or -not ((Get-Content $ManagedRecord) -contains $Line)) {
    Add-Content -Path $ManagedRecord -Value $Line
  }
}

function ConvertTo-CompactJson($Value) { ConvertTo-Json -InputObject $Value -Depth 32 -Compress }

function Read-ManagedSettings([string]$Path) {
  if (-not (Test-Path $Path -PathType Leaf)) { throw "-Managed ${Path}: no such file" }
  try { $settings = Get-Content -Raw $Path | ConvertFrom-Json } catch { throw "-Managed ${Path} is not valid JSON: $_" }
  if ($null -eq $settings -or $settings -isnot [System.Management.Automation.PSCustomObject]) {
    throw '-Managed: the file must hold one JSON object of settings, such as {"clientId": "1000.ABC", "dc": "eu"}'
  }
  $schema = Get-Content -Raw (Join-Path $PSScriptRoot '..\..\extension\managed_schema.json') | ConvertFrom-Json
  $known = @($schema.properties.PSObject.Properties.Name)
  $unknown = @($settings.PSObject.Properties.Name | Where-Object { $known -notcontains $_ })
  if ($unknown.Count) { throw "-Managed: not zcrm-bridge settings: $($unknown -join ', ') (known: $($known -join ', ')). Nothing was written." }
  $settings
}

# Keys created here are recorded: $Own (zcrm-bridge's own key, removed with everything under it) and the keys
# above it (removed only while empty). An existing key is only written into.
function New-PolicyKey([string]$Path, [string]$Own = '') {
  $missing = @()
  $p = $Path
  while (-not (Test-Path $p)) { $missing = @($p) + $missing; $p = Split-Path $p }
  if ($DryRun) { foreach ($m in $missing) { Say "would create $m" }; return }
  if (-not $missing.Count) { return }
  New-Item -Path $Path -Force | Out-Null
  foreach ($m in $missing) {
    if ($Own -and $m.StartsWith($Own)) { if ($m -eq $Own -or -not $missing.Contains($Own)) { Add-ManagedRecord "regtree`t$m" }; break }
    Add-ManagedRecord "regkey`t$m"
  }
}

# A value set here; the record keeps what it replaced (JSON of the earlier value, or nothing).
function Set-PolicyValue([string]$Key, [string]$Name, $Value, [string]$Type) {
  if ($DryRun) { Say "would set $Key\$Name"; return }
  $earlier = (Get-ItemProperty -Path $Key -Name $Name -ErrorAction SilentlyContinue)
  $before = if ($earlier) { ConvertTo-CompactJson $earlier.$Name } else { '' }
  $recorded = (Test-Path $ManagedRecord) -and (Get-Content $ManagedRecord | Where-Object { $_ -like "regvalue`t$Key`t$Name`t*" })
  if (-not $recorded) { Add-ManagedRecord "regvalue`t$Key`t$Name`t$before" }
  New-ItemProperty -Path $Key -Name $Name -Value $Value -PropertyType $Type -Force | Out-Null
  Say "set $Key\$Name"
}

function Write-ManagedPolicy([string]$Path, [string[]]$Names) {
  Assert-Administrator
  $settings = Read-ManagedSettings $Path
  $chromiumId = $Identity['ZCRM_CHROMIUM_EXTENSION_ID']
  $geckoId = $Identity['ZCRM_GECKO_ID']
  if ($Names.Count -eq 0) { $Names = @($PolicyKeys.Keys) }
  foreach ($b in $Names) {
    if (-not $PolicyKeys.Contains($b)) { Say "note: no Windows policy key is known for $b; its managed settings were not written"; continue }
    $base = "HKLM:\$($PolicyKeys[$b])"
    if ($b -eq 'firefox') {
      $key = "$base\3rdparty\Extensions"
      New-PolicyKey $key
      Set-PolicyValue $key $geckoId (ConvertTo-CompactJson $settings) 'String'
      if ($InstallUrl) {
        $current = (Get-ItemProperty -Path $base -Name 'ExtensionSettings' -ErrorAction SilentlyContinue)
        $merged = if ($current) { (@($current.ExtensionSettings) -join "`n") | ConvertFrom-Json } else { [PSCustomObject]@{} }
        $merged | Add-Member -Force -NotePropertyName $geckoId -NotePropertyValue ([PSCustomObject]@{
          installation_mode = 'force_installed'; install_url = $InstallUrl })
        Set-PolicyValue $base 'ExtensionSettings' @(ConvertTo-Json -InputObject $merged -Depth 32) 'MultiString'
      }
      continue
    }
    $key = "$base\3rdparty\extensions\$chromiumId\policy"
    New-PolicyKey $key "$base\3rdparty\extensions\$chromiumId"
    foreach ($p in $settings.PSObject.Properties) {
      $v = $p.Value
      if ($v -is [string]) { Set-PolicyValue $key $p.Name $v 'String' }
      elseif ($v -is [bool]) { Set-PolicyValue $key $p.Name ([int]$v) 'DWord' }
      elseif ($v -is [int] -or $v -is [long]) { Set-PolicyValue $key $p.Name ([int]$v) 'DWord' }
      else { Set-PolicyValue $key $p.Name (ConvertTo-CompactJson $v) 'String' }
    }
    if ($UpdateUrl) {
      $list = "$base\ExtensionInstallForcelist"
      New-PolicyKey $list
      $entry = "$chromiumId;$UpdateUrl"
      $taken = @()
      if (Test-Path $list) { $taken = @((Get-Item $list).Property) }
      $n = 1
      while ($taken -contains "$n") { $n++ }
      Set-PolicyValue $list "$n" $entry 'String'
    }
  }
  if (-not $DryRun) { Say "Managed settings written. Browsers apply them at their next start (Chrome and Edge also at their next policy refresh)." }
}

function Remove-ManagedPolicy {
  Assert-Administrator
  if (-not (Test-Path $ManagedRecord)) { Say "Nothing to remove: $ManagedRecord does not exist."; return }
  $lines = @(Get-Content $ManagedRecord)
  [array]::Reverse($lines)
  foreach ($line in $lines) {
    $kind, $path, $name, $before = $line -split "`t", 4
    if ($kind -eq 'regvalue' -and (Test-Path $path)) {
      if ($DryRun) { Say "would restore $path\$name"; continue }
      if ($before) {
        $old = $before | ConvertFrom-Json
        $type = if ($old -is [array]) { 'MultiString' } elseif ($old -is [string]) { 'String' } else { 'DWord' }
        New-ItemProperty -Path $path -Name $name -Value $old -PropertyType $type -Force | Out-Null
        Say "put back $path\$name"
      } else {
        Remove-ItemProperty -Path $path -Name $name -ErrorAction SilentlyContinue
        Say "removed $path\$name"
      }
    }
  }
  foreach ($line in $lines) {
    $kind, $path = $line -split "`t", 3
    if ($kind -eq 'regtree' -and (Test-Path $path)) {
      if ($DryRun) { Say "would remove $path"; continue }
      Remove-Item -Path $path -Recurse -Force
      Say "removed $path"
    }
  }
  # Keys created above zcrm-bridge's own, deepest first (the record lists them top down), while empty.
  foreach ($line in $lines) {
    $kind, $path = $line -split "`t", 3
    if ($kind -ne 'regkey' -or -not (Test-Path $path)) { continue }
    $k = Get-Item $path
    if ($k.SubKeyCount -eq 0 -and $k.ValueCount -eq 0) {
      if ($DryRun) { Say "would remove $path"; continue }
      Remove-Item -Path $path -Force
      Say "removed $path"
    }
  }
  if (-not $DryRun) { Remove-Item -Force $ManagedRecord }
}
