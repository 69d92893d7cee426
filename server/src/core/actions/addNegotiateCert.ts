// Without SslNegotiateCert IIS never asks the client for a certificate, whatever SslRequireCert says
// (IIS-AUTH-003), and a certificate mapping never gets one to map (IIS-AUTH-004).
import { accessSslFlagNames, parseAccessSslFlags } from '../knowledge/sslFlags';
import { fileEdit, quickFix, type ActionProvider } from './codeAction';
import { replaceAttributeRaw } from './edits';
import { sslFlagsTarget, tokenAt } from './sslFlagsTarget';

const SSL_NEGOTIATE_CERT = 32;
const SSL_REQUIRE_CERT = 64;

/** The value with SslNegotiateCert added, keywords in IIS Manager's order; undefined when present. */
export function withNegotiateCert(rawValue: string): string | undefined {
  const parsed = parseAccessSslFlags(rawValue);
  if (parsed.unknown.length > 0) return undefined;
  const mask = parsed.numericValue ?? parsed.mask;
  if ((mask & SSL_NEGOTIATE_CERT) !== 0) return undefined;
  return accessSslFlagNames(mask | SSL_NEGOTIATE_CERT).join(', ');
}

export const addNegotiateCertForRequire: ActionProvider = ({ file, finding }) => {
  const target = sslFlagsTarget(file, finding);
  if (!target?.fixedValue) return [];
  const token = tokenAt(target.parsed.flags, target.span);
  if (token?.flag?.value !== SSL_REQUIRE_CERT || (target.parsed.mask & SSL_NEGOTIATE_CERT) !== 0) return [];
  return [
    quickFix(finding, 'Add SslNegotiateCert so that IIS asks for the certificate', fileEdit(file, [replaceAttributeRaw(target.attribute, target.fixedValue)]), true),
  ];
};
