import type { Rule } from './rule';
import { iisAuth003AccessSslFlags } from './iisAuth003AccessSslFlags';
import { iisAuth007SkippedMappings } from './iisAuth007SkippedMappings';
import { iisAuth008MappedCertificate } from './iisAuth008MappedCertificate';
import { iisAuth009Credentials } from './iisAuth009Credentials';
import { iisAuth010DuplicateKeys } from './iisAuth010DuplicateKeys';
import { iisAuth011InvalidValues } from './iisAuth011InvalidValues';
import { iisAuth012ManyToOneRules } from './iisAuth012ManyToOneRules';

/** The rule catalog, in code order. A new rule is one file under rules/ and one line here. */
export const rules: Rule[] = [
  iisAuth003AccessSslFlags,
  iisAuth007SkippedMappings,
  iisAuth008MappedCertificate,
  iisAuth009Credentials,
  iisAuth010DuplicateKeys,
  iisAuth011InvalidValues,
  iisAuth012ManyToOneRules,
];
