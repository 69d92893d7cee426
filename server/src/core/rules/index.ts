import type { Rule } from './rule';
import type { SnapshotRule } from './snapshotRule';
import { iisAuth101HttpSysBinding } from './iisAuth101HttpSysBinding';
import { iisAuth102ServerCertificate } from './iisAuth102ServerCertificate';
import { iisAuth103ClientAuthTrustMode } from './iisAuth103ClientAuthTrustMode';
import { iisAuth104TrustedIssuerList } from './iisAuth104TrustedIssuerList';
import { iisAuth105MappedCertificateChain } from './iisAuth105MappedCertificateChain';
import { iisAuth106Renegotiation } from './iisAuth106Renegotiation';
import { iisAuth107DsMapper } from './iisAuth107DsMapper';
import { iisAuth001MappingBelowSiteLevel } from './iisAuth001MappingBelowSiteLevel';
import { iisAuth002LockedSection } from './iisAuth002LockedSection';
import { iisAuth003AccessSslFlags } from './iisAuth003AccessSslFlags';
import { iisAuth004MappingNeverNegotiated } from './iisAuth004MappingNeverNegotiated';
import { iisAuth005NoAuthenticatedUser } from './iisAuth005NoAuthenticatedUser';
import { iisAuth006BothCertificateMappings } from './iisAuth006BothCertificateMappings';
import { iisAuth007SkippedMappings } from './iisAuth007SkippedMappings';
import { iisAuth008MappedCertificate } from './iisAuth008MappedCertificate';
import { iisAuth009Credentials } from './iisAuth009Credentials';
import { iisAuth010DuplicateKeys } from './iisAuth010DuplicateKeys';
import { iisAuth011InvalidValues } from './iisAuth011InvalidValues';
import { iisAuth012ManyToOneRules } from './iisAuth012ManyToOneRules';
import { iisAuth013HostSectionsInWebConfig } from './iisAuth013HostSectionsInWebConfig';
import { iisAuth014SchemaValues } from './iisAuth014SchemaValues';
import { iisAuth015UnknownSection } from './iisAuth015UnknownSection';
import { iisAuth016AllowDefinition } from './iisAuth016AllowDefinition';
import { iisAuth017AuthorizationLockout } from './iisAuth017AuthorizationLockout';

/** The rule catalog, in code order. A new rule is one file under rules/ and one line here. */
export const rules: Rule[] = [
  iisAuth001MappingBelowSiteLevel,
  iisAuth002LockedSection,
  iisAuth003AccessSslFlags,
  iisAuth004MappingNeverNegotiated,
  iisAuth005NoAuthenticatedUser,
  iisAuth006BothCertificateMappings,
  iisAuth007SkippedMappings,
  iisAuth008MappedCertificate,
  iisAuth009Credentials,
  iisAuth010DuplicateKeys,
  iisAuth011InvalidValues,
  iisAuth012ManyToOneRules,
  iisAuth013HostSectionsInWebConfig,
  iisAuth014SchemaValues,
  iisAuth015UnknownSection,
  iisAuth016AllowDefinition,
  iisAuth017AuthorizationLockout,
];

/** Rules across the server snapshot (netsh, registry, certificate stores) and the configuration: IIS-AUTH-1NN. */
export const snapshotRules: SnapshotRule[] = [
  iisAuth101HttpSysBinding,
  iisAuth102ServerCertificate,
  iisAuth103ClientAuthTrustMode,
  iisAuth104TrustedIssuerList,
  iisAuth105MappedCertificateChain,
  iisAuth106Renegotiation,
  iisAuth107DsMapper,
];
