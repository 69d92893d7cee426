# Collect-IisSnapshot.ps1 - saves the read-only outputs IIS Auth Config reads into one folder.
# Run it in an elevated Windows PowerShell on the IIS server, then open the folder in the editor or
# run `iis-auth-check <folder>`. It changes nothing on the server and exports public certificates
# only (Export-Certificate -Type CERT never includes a private key).
param([string]$Destination = (Join-Path (Get-Location) 'iis-snapshot'))

New-Item -ItemType Directory -Force -Path $Destination | Out-Null

# HTTP.sys certificate bindings (IP:port, Hostname:port and Central Certificate Store entries).
netsh http show sslcert | Out-File -FilePath (Join-Path $Destination 'sslcert.txt') -Encoding Unicode

# SCHANNEL (SendTrustedIssuerList, ClientAuthTrustMode, Protocols) and HTTP.sys parameters.
reg export 'HKLM\SYSTEM\CurrentControlSet\Control\SecurityProviders\SCHANNEL' (Join-Path $Destination 'schannel.reg') /y | Out-Null
reg export 'HKLM\SYSTEM\CurrentControlSet\Services\HTTP\Parameters' (Join-Path $Destination 'http-parameters.reg') /y | Out-Null

# The sites, bindings and mappings (passwords in it stay encrypted, as IIS stores them).
Copy-Item -Path "$env:windir\System32\inetsrv\config\applicationHost.config" -Destination $Destination

# The LocalMachine stores client-certificate authentication depends on, plus every Ctl Store Name.
$stores = @('Root', 'CA', 'My', 'ClientAuthIssuer', 'WebHosting')
$stores += Select-String -Path (Join-Path $Destination 'sslcert.txt') -Pattern '^\s*Ctl Store Name\s*:\s*(.+?)\s*$' |
  ForEach-Object { $_.Matches[0].Groups[1].Value } | Where-Object { $_ -ne '(null)' }
foreach ($store in ($stores | Sort-Object -Unique)) {
  if (-not (Test-Path "Cert:\LocalMachine\$store")) { continue }
  $folder = Join-Path $Destination "certificates\$store"
  New-Item -ItemType Directory -Force -Path $folder | Out-Null
  Get-ChildItem "Cert:\LocalMachine\$store" | Where-Object { $_ -is [System.Security.Cryptography.X509Certificates.X509Certificate2] } | ForEach-Object {
    Export-Certificate -Cert $_ -FilePath (Join-Path $folder "$($_.Thumbprint).cer") -Type CERT | Out-Null
  }
}
Write-Host "Snapshot saved to $Destination"
