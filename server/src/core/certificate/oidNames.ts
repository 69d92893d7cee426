// Names Windows shows for the object identifiers found in client certificates.

export interface NameAttribute {
  oid: string;
  /** What Windows prints in a distinguished name. */
  shortName: string;
  /** Other spellings accepted as a many-to-one `certificateSubField` (upper case). */
  aliases: string[];
  label: string;
}

export const NAME_ATTRIBUTES: readonly NameAttribute[] = [
  { oid: '2.5.4.3', shortName: 'CN', aliases: ['COMMONNAME'], label: 'common name' },
  { oid: '2.5.4.11', shortName: 'OU', aliases: [], label: 'organizational unit' },
  { oid: '2.5.4.10', shortName: 'O', aliases: [], label: 'organization' },
  { oid: '2.5.4.7', shortName: 'L', aliases: [], label: 'locality' },
  { oid: '2.5.4.8', shortName: 'S', aliases: ['ST'], label: 'state or province' },
  { oid: '2.5.4.6', shortName: 'C', aliases: [], label: 'country/region' },
  { oid: '1.2.840.113549.1.9.1', shortName: 'E', aliases: ['EMAIL', 'EMAILADDRESS'], label: 'e-mail address' },
  { oid: '2.5.4.9', shortName: 'STREET', aliases: [], label: 'street' },
  { oid: '0.9.2342.19200300.100.1.25', shortName: 'DC', aliases: [], label: 'domain component' },
  { oid: '2.5.4.5', shortName: 'SERIALNUMBER', aliases: [], label: 'serial number' },
  { oid: '2.5.4.12', shortName: 'T', aliases: ['TITLE'], label: 'title' },
  { oid: '2.5.4.42', shortName: 'G', aliases: ['GN', 'GIVENNAME'], label: 'given name' },
  { oid: '2.5.4.4', shortName: 'SN', aliases: ['SURNAME'], label: 'surname' },
  { oid: '2.5.4.43', shortName: 'I', aliases: ['INITIALS'], label: 'initials' },
  { oid: '2.5.4.17', shortName: 'PostalCode', aliases: ['POSTALCODE'], label: 'postal code' },
];

/** Extended key usages, with the names the Windows certificate dialog uses. */
export const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  '1.3.6.1.5.5.7.3.1': 'Server Authentication',
  '1.3.6.1.5.5.7.3.2': 'Client Authentication',
  '1.3.6.1.5.5.7.3.3': 'Code Signing',
  '1.3.6.1.5.5.7.3.4': 'Secure Email',
  '1.3.6.1.5.5.7.3.5': 'IP security end system',
  '1.3.6.1.5.5.7.3.6': 'IP security tunnel termination',
  '1.3.6.1.5.5.7.3.7': 'IP security user',
  '1.3.6.1.5.5.7.3.8': 'Time Stamping',
  '1.3.6.1.5.5.7.3.9': 'OCSP Signing',
  '1.3.6.1.5.5.8.2.2': 'IP security IKE intermediate',
  '1.3.6.1.5.2.3.4': 'PKINIT Client Authentication',
  '1.3.6.1.5.2.3.5': 'KDC Authentication',
  '1.3.6.1.4.1.311.20.2.2': 'Smart Card Logon',
  '1.3.6.1.4.1.311.20.2.1': 'Certificate Request Agent',
  '1.3.6.1.4.1.311.10.3.1': 'Microsoft Trust List Signing',
  '1.3.6.1.4.1.311.10.3.4': 'Encrypting File System',
  '1.3.6.1.4.1.311.10.3.4.1': 'File Recovery',
  '1.3.6.1.4.1.311.10.3.12': 'Document Signing',
  '1.3.6.1.4.1.311.80.1': 'Document Encryption',
  '2.5.29.37.0': 'Any Purpose',
};

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
export const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
export const EKU_SECURE_EMAIL = '1.3.6.1.5.5.7.3.4';
export const EKU_SMART_CARD_LOGON = '1.3.6.1.4.1.311.20.2.2';
export const EKU_ANY_PURPOSE = '2.5.29.37.0';

/** Key usage bits in bit-string order (bit 0 first), with the Windows dialog's names. */
export const KEY_USAGE_BITS: readonly string[] = [
  'Digital Signature',
  'Non-Repudiation',
  'Key Encipherment',
  'Data Encipherment',
  'Key Agreement',
  'Certificate Signing',
  'CRL Signing',
  'Encipher Only',
  'Decipher Only',
];

export const SIGNATURE_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.5': 'sha1RSA',
  '1.2.840.113549.1.1.11': 'sha256RSA',
  '1.2.840.113549.1.1.12': 'sha384RSA',
  '1.2.840.113549.1.1.13': 'sha512RSA',
  '1.2.840.113549.1.1.10': 'RSASSA-PSS',
  '1.2.840.113549.1.1.4': 'md5RSA',
  '1.2.840.10045.4.1': 'sha1ECDSA',
  '1.2.840.10045.4.3.2': 'sha256ECDSA',
  '1.2.840.10045.4.3.3': 'sha384ECDSA',
  '1.2.840.10045.4.3.4': 'sha512ECDSA',
  '1.3.101.112': 'Ed25519',
};

export const PUBLIC_KEY_ALGORITHMS: Readonly<Record<string, string>> = {
  '1.2.840.113549.1.1.1': 'RSA',
  '1.2.840.10045.2.1': 'ECC',
  '1.2.840.10040.4.1': 'DSA',
  '1.3.101.112': 'Ed25519',
};

export const NAMED_CURVES: Readonly<Record<string, string>> = {
  '1.2.840.10045.3.1.7': 'P-256',
  '1.3.132.0.34': 'P-384',
  '1.3.132.0.35': 'P-521',
};

/** otherName types worth showing: the UPN is what smart-card logon maps to an account. */
export const OTHER_NAME_TYPES: Readonly<Record<string, string>> = {
  '1.3.6.1.4.1.311.20.2.3': 'Principal Name',
};

export const AIA_CA_ISSUERS = '1.3.6.1.5.5.7.48.2';
export const AIA_OCSP = '1.3.6.1.5.5.7.48.1';
