// Public pages the explanations and checklists rest on, each by its own title and address, so a
// reader can open what a finding or an explanation cites. One entry per page.

export interface PublicSource {
  title: string;
  url: string;
}

/** Smart-card users mapped by many-to-one rules got 401.2 (win32 5), then 401.1 (-1073741715). */
export const SMARTCARD_401_2: PublicSource = {
  title: 'Error 401.2 with smartcard login for new users with more recent Intermediate certificate (Stack Overflow question 52743395)',
  url: 'https://stackoverflow.com/questions/52743395',
};

/** iisClientCertificateMappingAuthentication set for a sub-application is ignored: 401.2. */
export const SUB_APPLICATION_MAPPINGS_401: PublicSource = {
  title: 'IIS Client Certificate Authentication results in 401-Unauthorized for sub-applications (IIS Support Blog)',
  url: 'https://techcommunity.microsoft.com/t5/iis-support-blog/iis-client-certificate-authentication-results-in-401/ba-p/1342999',
};

/** Troubleshooting 403.7 / 403.13 / 403.16 / 403.17, certutil -urlfetch and revocation checks. */
export const CLIENT_CERTIFICATE_REVISITED: PublicSource = {
  title: 'Client Certificate revisited… How to troubleshoot client certificate related issues (MSDN blog)',
  url: 'https://blogs.msdn.microsoft.com/saurabh_singh/2007/06/09/client-certificate-revisited-how-to-troubleshoot-client-certificate-related-issues/',
};

/** IIS 6.0 technical reference on 401.1 and 401.2. */
export const IIS6_401_PROBLEMS: PublicSource = {
  title: '401.1 and 401.2 — Authentication Problems (IIS 6.0 technical reference, Windows Server 2003)',
  url: 'https://docs.microsoft.com/en-us/previous-versions/windows/it-pro/windows-server-2003/cc786094(v=ws.10)',
};

/** 403.7 after the server certificate was renewed in IIS Manager, which drops the binding's CTL store name. */
export const CTL_STORE_LOST_ON_RENEWAL: PublicSource = {
  title: 'HTTP error code 403 when logging on to Internet Information Services (IIS) using client certificate after renewing web server certificate',
  url: 'https://www.gradenegger.eu/en/http-error-code-403-when-logging-on-to-internet-information-services-iis-with-client-certificate-despite-valid-client-certificate-after-renewal-of-server-certificate/',
};

/** Every source of this table, for the test that checks what users read cites pages they can open. */
export const PUBLIC_SOURCES: readonly PublicSource[] = [
  SMARTCARD_401_2,
  SUB_APPLICATION_MAPPINGS_401,
  CLIENT_CERTIFICATE_REVISITED,
  IIS6_401_PROBLEMS,
  CTL_STORE_LOST_ON_RENEWAL,
];

/** `"Title", address`: how plain-text messages and checklists cite a page. */
export function cite(source: PublicSource): string {
  return `"${source.title}", ${source.url}`;
}
