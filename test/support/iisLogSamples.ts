/**
 * Seed 000's IIS log lines (a smart-card site where users with newer intermediate CAs got 401.2,
 * then 401.1 with win32 -1073741715), rewritten as the W3C file IIS would have written: the
 * default field set, oldest line first, the anonymised "First IP"/"Second IP" as documentation
 * addresses. Shared by the parser, summary and grammar tests.
 */
export const SEED_000_FIRST_IP = '192.0.2.10';
export const SEED_000_SECOND_IP = '192.0.2.20';

export const SEED_000_W3C_LOG = [
  '#Software: Microsoft Internet Information Services 7.5',
  '#Version: 1.0',
  '#Date: 2000-01-01 19:30:00',
  '#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken',
  `2000-01-01 19:30:01 10.1.1.5 GET / - 443 - ${SEED_000_FIRST_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 500 0 64 637`,
  `2000-01-01 19:30:02 10.1.1.5 GET / - 443 Server\\User ${SEED_000_FIRST_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 200 0 0 4164`,
  `2000-01-01 19:30:06 10.1.1.5 GET /EntryBanner.asp - 443 Server\\User ${SEED_000_FIRST_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko https://example.test/ 200 0 0 22`,
  `2000-01-01 19:30:09 10.1.1.5 POST /EntryBanner.asp - 443 Server\\User ${SEED_000_FIRST_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko https://example.test/EntryBanner.asp 302 0 0 4`,
  `2000-01-01 19:30:10 10.1.1.5 GET /HMSLoginController.asp - 443 Server\\User ${SEED_000_FIRST_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko https://example.test/EntryBanner.asp 200 0 0 17`,
  `2000-01-01 19:31:01 10.1.1.5 GET / - 443 - ${SEED_000_SECOND_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 500 0 64 118`,
  `2000-01-01 19:31:03 10.1.1.5 GET / - 443 - ${SEED_000_SECOND_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 401 2 5 2011`,
  `2000-01-01 19:31:05 10.1.1.5 GET / - 443 - ${SEED_000_SECOND_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 401 1 -1073741715 2`,
  `2000-01-01 19:32:01 10.1.1.5 GET / - 443 - ${SEED_000_SECOND_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 500 0 64 16`,
  `2000-01-01 19:32:04 10.1.1.5 GET / - 443 - ${SEED_000_SECOND_IP} Mozilla/5.0+(Windows+NT+10.0;+WOW64;+Trident/7.0;+rv:11.0)+like+Gecko - 401 2 5 1734`,
  '',
].join('\r\n');
