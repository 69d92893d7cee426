// Deterministic configs for the benchmarks and profiling: canonical-base64 certificates, many sites,
// each with a site-level mapping and a /App application.
// --- deterministic generation ---------------------------------------------------------------
let seed = 0x1b873593;
function random() {
  seed = (seed * 1664525 + 1013904223) >>> 0;
  return seed / 2 ** 32;
}
// Canonical base64 of DER-shaped bytes (a SEQUENCE header, then noise), as a certificate pasted by
// IIS Manager looks: every value distinct, so no cache in the analysis can help.
export function base64Of(length) {
  const bytes = Buffer.alloc(Math.floor((length * 3) / 4));
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
  bytes[0] = 0x30;
  bytes[1] = 0x82;
  bytes.writeUInt16BE(bytes.length - 4, 2);
  return bytes.toString('base64');
}
const encrypted = () => `[enc:IISCngProvider:${base64Of(40)}:enc]`;

function siteBlock(i) {
  return `      <site name="Site${i}" id="${i + 10}">
        <application path="/"><virtualDirectory path="/" physicalPath="D:\\Sites\\Site${i}" /></application>
        <application path="/App"><virtualDirectory path="/" physicalPath="D:\\Sites\\Site${i}\\App" /></application>
        <bindings><binding protocol="https" bindingInformation="*:443:site${i}.example" sslFlags="1" /></bindings>
      </site>\n`;
}
function locationBlock(i, mappings) {
  let adds = '';
  for (let m = 0; m < mappings; m++) {
    adds += `              <add userName="SITE${i}\\user${m}" password="${encrypted()}" certificate="${base64Of(1600)}" />\n`;
  }
  return `  <location path="Site${i}">
    <system.webServer>
      <security>
        <authentication>
          <clientCertificateMappingAuthentication enabled="false" />
          <iisClientCertificateMappingAuthentication enabled="true" oneToOneCertificateMappingsEnabled="true">
            <oneToOneMappings>
${adds}            </oneToOneMappings>
          </iisClientCertificateMappingAuthentication>
        </authentication>
        <access sslFlags="None" />
      </security>
    </system.webServer>
  </location>
  <location path="Site${i}/App">
    <system.webServer>
      <security>
        <authentication><anonymousAuthentication enabled="false" /></authentication>
        <access sslFlags="Ssl, SslNegotiateCert, SslRequireCert" />
      </security>
    </system.webServer>
  </location>\n`;
}
export function applicationHost(targetBytes) {
  let sites = '';
  let locations = '';
  let i = 0;
  while (sites.length + locations.length < targetBytes) {
    sites += siteBlock(i);
    locations += locationBlock(i, 3);
    i++;
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <system.applicationHost>\n    <sites>\n${sites}    </sites>\n  </system.applicationHost>\n${locations}</configuration>\n`;
}
export function webConfig(targetBytes) {
  let settings = '';
  for (let i = 0; settings.length < targetBytes - 2000; i++) settings += `    <add key="setting${i}" value="${base64Of(40)}" />\n`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<configuration>\n  <appSettings>\n${settings}  </appSettings>\n  <system.webServer>\n    <security>\n      <access sslFlags="Ssl, SslNegotiateCert" />\n    </security>\n  </system.webServer>\n</configuration>\n`;
}

