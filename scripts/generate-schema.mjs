#!/usr/bin/env node
// Turns IIS configuration schema files (IIS_schema.xml and the extension schemas that IIS installs
// beside it in %windir%\system32\inetsrv\config\schema) into the compact table the language server
// reads: server/src/core/knowledge/generated/iisSchema.ts. Microsoft's XML is not part of this
// repository; pass the files, or a git directory holding them (a snapshot of
// github.com/lextm/iis_schema, read with `git show HEAD:<file>`):
//
//   node scripts/generate-schema.mjs --git /path/to/iis_schema/.git
//   node scripts/generate-schema.mjs IIS_schema.xml rewrite_schema.xml …
//   (--out <file> writes elsewhere than the committed table)
//
// What is kept: sections, elements, collections (add/remove/clear names, keys, duplicates,
// unrecognized attributes), attributes (type, default, required, key, case sensitivity, encryption,
// enum/flags keywords with their numbers, allowInfinite, timeSpanFormat, validators). The schema files
// do not say where a section may be declared or whether it is locked: that comes from the
// `<configSections>` of IIS 10's default applicationHost.config, summarised in DECLARATIONS below.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const DEFAULT_FILES = ['IIS_schema.xml', 'rewrite_schema.xml', 'aspnetcore_schema_v2.xml', 'arr_schema.xml', 'WebDAV_schema.xml', 'ASPNET_schema.xml', 'FX_schema.xml'];
const DEFAULT_OUTPUT = fileURLToPath(new URL('../server/src/core/knowledge/generated/iisSchema.ts', import.meta.url));

// Section declarations of IIS 10's default applicationHost.config (and of the URL Rewrite, ARR and
// ASP.NET Core Module installers), for the sections whose declaration is not the default
// (allowDefinition="Everywhere", overrideModeDefault="Allow"). Facts, not text: a sectionName →
// [allowDefinition, overrideModeDefault] list.
const DECLARATIONS = {
  'system.applicationHost/applicationPools': ['AppHostOnly', 'Deny'],
  'system.applicationHost/configHistory': ['AppHostOnly', 'Deny'],
  'system.applicationHost/customMetadata': ['AppHostOnly', 'Deny'],
  'system.applicationHost/listenerAdapters': ['AppHostOnly', 'Deny'],
  'system.applicationHost/log': ['AppHostOnly', 'Deny'],
  'system.applicationHost/serviceAutoStartProviders': ['AppHostOnly', 'Deny'],
  'system.applicationHost/sites': ['AppHostOnly', 'Deny'],
  'system.applicationHost/webLimits': ['AppHostOnly', 'Deny'],
  'system.webServer/asp': [undefined, 'Deny'],
  'system.webServer/cgi': [undefined, 'Deny'],
  'system.webServer/fastCgi': ['AppHostOnly', 'Deny'],
  'system.webServer/globalModules': ['AppHostOnly', 'Deny'],
  'system.webServer/handlers': [undefined, 'Deny'],
  'system.webServer/httpLogging': [undefined, 'Deny'],
  'system.webServer/httpTracing': [undefined, 'Deny'],
  'system.webServer/isapiFilters': ['MachineToApplication', 'Deny'],
  'system.webServer/modules': ['MachineToApplication', 'Deny'],
  'system.webServer/applicationInitialization': ['MachineToApplication', 'Allow'],
  'system.webServer/odbcLogging': [undefined, 'Deny'],
  'system.webServer/security/access': [undefined, 'Deny'],
  'system.webServer/security/applicationDependencies': [undefined, 'Deny'],
  'system.webServer/security/authentication/anonymousAuthentication': [undefined, 'Deny'],
  'system.webServer/security/authentication/basicAuthentication': [undefined, 'Deny'],
  'system.webServer/security/authentication/clientCertificateMappingAuthentication': [undefined, 'Deny'],
  'system.webServer/security/authentication/digestAuthentication': [undefined, 'Deny'],
  'system.webServer/security/authentication/iisClientCertificateMappingAuthentication': [undefined, 'Deny'],
  'system.webServer/security/authentication/windowsAuthentication': [undefined, 'Deny'],
  'system.webServer/security/ipSecurity': [undefined, 'Deny'],
  'system.webServer/security/dynamicIpSecurity': [undefined, 'Deny'],
  'system.webServer/security/isapiCgiRestriction': ['AppHostOnly', 'Deny'],
  'system.webServer/serverRuntime': [undefined, 'Deny'],
  'system.webServer/serverSideInclude': [undefined, 'Deny'],
  'system.webServer/tracing/traceProviderDefinitions': [undefined, 'Deny'],
  'system.webServer/webdav/globalSettings': [undefined, 'Deny'],
  'system.webServer/webdav/authoring': [undefined, 'Deny'],
  'system.webServer/webdav/authoringRules': [undefined, 'Deny'],
  'system.webServer/webSocket': [undefined, 'Deny'],
  'system.webServer/rewrite/globalRules': ['AppHostOnly', 'Allow'],
  'system.webServer/rewrite/providers': [undefined, 'Allow'],
  'system.webServer/proxy': ['AppHostOnly', 'Allow'],
  'system.webServer/diskCache': ['AppHostOnly', 'Allow'],
  webFarms: ['AppHostOnly', 'Deny'],
};

function readSources(argv) {
  const gitIndex = argv.indexOf('--git');
  if (gitIndex >= 0) {
    const gitDir = argv[gitIndex + 1];
    const names = argv.filter((_, i) => i !== gitIndex && i !== gitIndex + 1);
    return (names.length ? names : DEFAULT_FILES).map((name) => ({
      name,
      text: execFileSync('git', ['--git-dir', gitDir, 'show', `HEAD:${name}`], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
    }));
  }
  if (argv.length === 0) {
    console.error('usage: node scripts/generate-schema.mjs --git <iis_schema .git dir> | <schema.xml>...');
    process.exit(2);
  }
  return argv.map((file) => ({ name: path.basename(file), text: fs.readFileSync(file, 'utf8') }));
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  isArray: (name) => ['sectionSchema', 'attribute', 'element', 'collection', 'enum', 'flag'].includes(name),
});

const truthy = (v) => typeof v === 'string' && v.toLowerCase() === 'true';

function attributeOf(xml) {
  const out = { name: xml.name, type: xml.type };
  const defaultValue = xml.defaultValue ?? xml.defaultvalue;
  if (defaultValue !== undefined) out.default = defaultValue;
  if (truthy(xml.required)) out.required = true;
  if (truthy(xml.isUniqueKey)) out.key = 'unique';
  else if (truthy(xml.isCombinedKey)) out.key = 'combined';
  if (truthy(xml.caseSensitive)) out.caseSensitive = true;
  if (truthy(xml.encrypted)) out.encrypted = true;
  if (truthy(xml.expanded)) out.expanded = true;
  if (truthy(xml.allowInfinite)) out.allowInfinite = true;
  if (xml.timeSpanFormat) out.timeSpanFormat = xml.timeSpanFormat;
  const keywords = [...(xml.enum ?? []), ...(xml.flag ?? [])];
  if (keywords.length) out.values = keywords.map((k) => [k.name, Number(k.value)]);
  const validation = validationOf(xml.validationType, xml.validationParameter);
  if (validation) out.validation = validation;
  return out;
}

function validationOf(type, parameter) {
  if (!type) return undefined;
  const parts = (parameter ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  switch (type) {
    case 'integerRange':
      return { kind: 'range', min: Number(parts[0]), max: Number(parts[1]), ...(parts[2] === 'exclude' ? { exclude: true } : {}) };
    case 'timeSpanRange':
      return {
        kind: 'timeSpanRange',
        min: Number(parts[0]),
        max: Number(parts[1]),
        ...(parts[2] && parts[2] !== 'exclude' ? { granularity: Number(parts[2]) } : {}),
        ...(parts.includes('exclude') ? { exclude: true } : {}),
      };
    case 'nonEmptyString':
      return { kind: 'nonEmpty' };
    case 'requireTrimmedString':
      return { kind: 'trimmed' };
    default:
      return { kind: type };
  }
}

function nodeOf(xml) {
  const node = {};
  if (xml.attribute?.length) node.attributes = xml.attribute.map(attributeOf);
  if (truthy(xml.allowUnrecognizedAttributes)) node.openAttributes = true;
  if (xml.element?.length) {
    node.elements = {};
    for (const child of xml.element) node.elements[child.name] = nodeOf(child);
  }
  const collection = xml.collection?.[0];
  if (collection) {
    const item = nodeOf({ ...collection, collection: collection.collection, allowUnrecognizedAttributes: collection.allowUnrecognizedAttributes });
    node.collection = {
      add: String(collection.addElement ?? 'add').split(',').map((s) => s.trim()).filter(Boolean),
      ...(collection.removeElement ? { remove: collection.removeElement } : {}),
      ...(collection.clearElement ? { clear: collection.clearElement } : {}),
      ...(truthy(collection.allowDuplicates) ? { allowDuplicates: true } : {}),
      ...(collection.mergeAppend && !truthy(collection.mergeAppend) ? { mergeAppend: false } : {}),
      item,
    };
  }
  return node;
}

function mergeNodes(into, from) {
  const names = new Set((into.attributes ?? []).map((a) => a.name));
  for (const attribute of from.attributes ?? []) if (!names.has(attribute.name)) (into.attributes ??= []).push(attribute);
  for (const [name, child] of Object.entries(from.elements ?? {})) {
    into.elements ??= {};
    if (into.elements[name]) mergeNodes(into.elements[name], child);
    else into.elements[name] = child;
  }
  if (from.collection && !into.collection) into.collection = from.collection;
  else if (from.collection) mergeNodes(into.collection.item, from.collection.item);
  if (from.openAttributes) into.openAttributes = true;
}

const argv = process.argv.slice(2);
const outIndex = argv.indexOf('--out');
const OUTPUT = outIndex >= 0 ? path.resolve(argv.splice(outIndex, 2)[1]) : DEFAULT_OUTPUT;
const sources = readSources(argv);
const sections = new Map();
for (const { name, text } of sources) {
  const parsed = parser.parse(text);
  for (const schema of parsed.configSchema?.sectionSchema ?? []) {
    const node = nodeOf(schema);
    const existing = sections.get(schema.name);
    if (existing) {
      mergeNodes(existing.element, node);
      continue;
    }
    const [allowDefinition, overrideModeDefault] = DECLARATIONS[schema.name] ?? [];
    sections.set(schema.name, {
      path: schema.name,
      source: name,
      ...(allowDefinition ? { allowDefinition } : {}),
      ...(overrideModeDefault ? { overrideModeDefault } : {}),
      element: node,
    });
  }
}

// One section per line, as JSON text in a string: V8 reads JSON.parse input several times faster
// than the same data written as an object literal, and the table is read at every server start.
const asLiteral = (text) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const lines = [...sections.values()].map((s, i) => `    ${asLiteral(JSON.stringify(s) + (i < sections.size - 1 ? ',' : ''))} +`);
const header = `// Generated by scripts/generate-schema.mjs from ${sources.map((s) => s.name).join(', ')} (IIS configuration
// schema files, github.com/lextm/iis_schema). Do not edit: regenerate with
//   node scripts/generate-schema.mjs --git <path to an iis_schema git directory>
// ${sections.size} sections.
import type { SchemaTableSection } from '../schemaTable';

export const IIS_SCHEMA_TABLE: readonly SchemaTableSection[] = JSON.parse(
  '[' +
`;
fs.mkdirSync(path.dirname(OUTPUT), { recursive: true });
fs.writeFileSync(OUTPUT, `${header}${lines.join('\n')}\n  ']',\n);\n`);
console.log(`${OUTPUT}: ${sections.size} sections, ${fs.statSync(OUTPUT).size} bytes`);
