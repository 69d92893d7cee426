import * as asn1js from 'asn1js';

// Two real client certificates (Client Authentication EKU, valid 2026-11-23 to 2036-11-20), the same
// ones the examples use: fixtures that must be silent need certificates no rule can fault.
export const DANA_CERT = [
  'MIIEQjCCAyqgAwIBAgIUdXc9n0uQRapxjet+ZHQpV5VGruMwDQYJKoZIhvcNAQELBQAwWTELMAkGA1UEBhMCVVMxJjAkBgNVBAoM',
  'HUZhYnJpa2FtIFNtYXJ0IENhcmQgQXV0aG9yaXR5MQ4wDAYDVQQLDAVTdGFmZjESMBAGA1UEAwwJZGFuYS5ydWl6MB4XDTI2MTEy',
  'MzA5MTAwMVoXDTM2MTEyMDA5MTAwMVowWTELMAkGA1UEBhMCVVMxJjAkBgNVBAoMHUZhYnJpa2FtIFNtYXJ0IENhcmQgQXV0aG9y',
  'aXR5MQ4wDAYDVQQLDAVTdGFmZjESMBAGA1UEAwwJZGFuYS5ydWl6MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAmpVK',
  '6MjFnmI1r3biBQARgw4idm4gMYCABFKYJOHGflKCXrbyv2Fa3XodipQWREgLZut7lhw5vGp8eDOm9h3ogc435jT7D5zPt+lCI4kp',
  'U9qbbPjWzwBGFKVkr/11B2TCU+bofkrzWH0NL9A8QqgcN6iYuA2jNHumize9NrH+qOJSUTWv5aIMtiLhk91jjoTJ6CySO8U1esdw',
  'yRazooB4F7PO6ABzQLUEgibdJqPOQ2NknalxZqaXYTMVEq0RN+LiF/r4fHHhx4TQiDwyP5KOYJr4EGpFsuFlzYoL2f/iX4Khhbhl',
  'DiGKlO4G7w0apNAkAVXw4gAYSM+BKuGvzvlSGQIDAQABo4IBADCB/TAMBgNVHRMBAf8EAjAAMA4GA1UdDwEB/wQEAwIFoDAfBgNV',
  'HSUEGDAWBggrBgEFBQcDAgYKKwYBBAGCNxQCAjBIBgNVHR8EQTA/MD2gO6A5hjdodHRwOi8vcGtpLmZhYnJpa2FtLmV4YW1wbGUv',
  'Y3JsL2ZhYnJpa2FtLWlzc3VpbmctY2EuY3JsMFMGCCsGAQUFBwEBBEcwRTBDBggrBgEFBQcwAoY3aHR0cDovL3BraS5mYWJyaWth',
  'bS5leGFtcGxlL2FpYS9mYWJyaWthbS1pc3N1aW5nLWNhLmNydDAdBgNVHQ4EFgQUsf7+NyNZ/KeCJYkXRyD8c3MFdIcwDQYJKoZI',
  'hvcNAQELBQADggEBAIix2fztELs/dTRNW6QWINuc6BbpsQmRu/qGBiS+3yIiL8To/0b8OySMTOPXO0BDLdfc49AsVpgUDMbMWHOp',
  'O4zuks8S4GrMuQnjnVs/9fc32DczRvTOI2hyxYcc43l2noMCsz4aGR/wnSHyB6Iq+ImT0d+N8vK5mh/SSwqGvab392CF/5JK8FVt',
  'tw5Roi5KtIucn6KV81eYoJjOYPwPlIkFaGAc+GirbHm4tEiAbVhqulp1wJowKWotlq5/UKa/Hy09J0JA5/VwjQRlR9DAVw0Rui2h',
  'NIMmOhfWazzefu1q6G6n4ep/aOSMw3h46ClmLXUTvGdOKN1MqjrKAHugD6Q=',
].join('');

export const LEE_CERT = [
  'MIIEQDCCAyigAwIBAgIUUyksYVFnOP6uZf4T/XIbvsRfG58wDQYJKoZIhvcNAQELBQAwWDELMAkGA1UEBhMCVVMxJjAkBgNVBAoM',
  'HUZhYnJpa2FtIFNtYXJ0IENhcmQgQXV0aG9yaXR5MQ4wDAYDVQQLDAVTdGFmZjERMA8GA1UEAwwIbGVlLmNoZW4wHhcNMjYxMTIz',
  'MDkxMDAxWhcNMzYxMTIwMDkxMDAxWjBYMQswCQYDVQQGEwJVUzEmMCQGA1UECgwdRmFicmlrYW0gU21hcnQgQ2FyZCBBdXRob3Jp',
  'dHkxDjAMBgNVBAsMBVN0YWZmMREwDwYDVQQDDAhsZWUuY2hlbjCCASIwDQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAJ8T5f4a',
  'n344ucAVUuuQRyf6cJWo4aGMJukpT8W1GkBAGCxFFitKZ09fN/gyv3t6dNtdTR49CmBrbpiIeZhEynpSzWtNUh2KMRmEXSR6RiMt',
  'QppwHwmZk/kCH5EuJwXeO3oFGCl55gl1Q1aH/Z0sj5ALmDUGKWxyImeVkHs/3Z15dKGAlip8TmslATl5wiVJS6Jy3gACOMdSlCk2',
  'NhDnfzRFVA8SP4vOCbxA2H+gOgNXZMp/xfZr/EMZHohdeuGBtUskH5sjjmwVM7lTeKBBac5RWlNl+MlPvCjLTNUfUABzacmWhMeR',
  'nzFj+REq4yeT5C5xsyebAjCzZL7qk5ZoIzkCAwEAAaOCAQAwgf0wDAYDVR0TAQH/BAIwADAOBgNVHQ8BAf8EBAMCBaAwHwYDVR0l',
  'BBgwFgYIKwYBBQUHAwIGCisGAQQBgjcUAgIwSAYDVR0fBEEwPzA9oDugOYY3aHR0cDovL3BraS5mYWJyaWthbS5leGFtcGxlL2Ny',
  'bC9mYWJyaWthbS1pc3N1aW5nLWNhLmNybDBTBggrBgEFBQcBAQRHMEUwQwYIKwYBBQUHMAKGN2h0dHA6Ly9wa2kuZmFicmlrYW0u',
  'ZXhhbXBsZS9haWEvZmFicmlrYW0taXNzdWluZy1jYS5jcnQwHQYDVR0OBBYEFLLrbEYAEGIT7oZWLpkj0DfKILVvMA0GCSqGSIb3',
  'DQEBCwUAA4IBAQAPwpiSW5XjCMXsNzQBWw1z2J3QZd1scNd3QZyaZsXXGonWS3BJ4CzsyJPDIHj6GuDYS/9fUfpOkJwMDN8v7TdH',
  'pCSqhNyIrb1bjqaGYpC1e4fP6xL1RMPx2ftQG807w3DqyqIlr1mGRjgQvz79UtLO8sKyJjvx3d4UPzJnaJvbNjbcflgQM/CBHaOO',
  '610wPZR8hWWVq8wegwxYYZjiG/XdUT6Jiz0kXgn4BCasbl/Mck0os005RuqCLJUAimNNqF0bPc8l7pPKH9gY9HN6JI4UgbpCfdel',
  '2RZ5pqbtjxDbh8sykE+dH0z/TkgL/w2N2qLBdq90+tsgupK/J9PGjK6W',
].join('');

/** The outer shape of a PKCS#12 (.pfx) file: version 3 and a ContentInfo of type data, with no key in it. */
export function pfxShapedBytes(): Uint8Array {
  const pfxShape = new asn1js.Sequence({
    value: [
      new asn1js.Integer({ value: 3 }),
      new asn1js.Sequence({
        value: [
          new asn1js.ObjectIdentifier({ value: '1.2.840.113549.1.7.1' }),
          new asn1js.Constructed({ idBlock: { tagClass: 3, tagNumber: 0 }, value: [new asn1js.OctetString({ valueHex: new Uint8Array(8) })] }),
        ],
      }),
    ],
  });
  return new Uint8Array(pfxShape.toBER(false));
}
