// The news agencies a byline or a dateline names. An agency is where a story came from, never an
// author: `By Jane Roe, AP`, `By dpa correspondents`, `Berlin (dpa) -`. Acronyms match in capitals
// only, so a co-author named Ani is not ANI; names with lowercase letters match in any case.

const AGENCIES = new Set([
  'AP', 'AFP', 'PTI', 'IANS', 'ANI', 'UNI', 'AAP', 'CP', 'UPI', 'TASS', 'WAFA', 'EFE', 'ANSA', 'dpa', 'DPA',
  'NTB', 'TT', 'STT', 'APA', 'ANP', 'Belga', 'Ritzau', 'Lusa', 'CTK', 'ČTK', 'PAP', 'MTI', 'KNA', 'epd', 'SID', 'dts', 'tca',
  'AA', 'BNA', 'SPA', 'WAM', 'QNA', 'KUNA', 'MENA', 'IRNA', 'APP', 'BSS', 'RSS', 'NNA', 'SANA', 'Jiji', 'Kyodo', 'Yonhap',
  'Xinhua', 'Bernama', 'Antara', 'NZPA', 'PA', 'Agencia EFE', 'Agência Lusa', 'Ritzau Scanpix', 'Belga News Agency',
  'Associated Press', 'The Associated Press', 'Reuters', 'Thomson Reuters', 'Agence France-Presse', 'Agence France Presse',
  'Bloomberg', 'Bloomberg News', 'The Canadian Press', 'Canadian Press', 'Anadolu', 'Anadolu Agency', 'Press Trust of India',
  'Press Association', 'PA Media', 'Deutsche Presse-Agentur', 'Australian Associated Press', 'United News of India',
]);

const lowercaseNames = new Set([...AGENCIES].filter((agency) => /[a-z]/.test(agency)).map((agency) => agency.toLowerCase()));

// `dpa correspondents`, `AP staff`, `Reuters reporters`: the agency's desk, not a person.
const DESK = /^(.+?)\s+(?:correspondents?|staff|reporters?|writers?|desk|newsroom|team)$/i;

/** Whether a name (from a byline, or in a dateline's brackets) is a news agency or its desk. */
export function isAgency(name: string): boolean {
  const trimmed = name.trim();
  if (AGENCIES.has(trimmed) || (/[a-z]/.test(trimmed) && lowercaseNames.has(trimmed.toLowerCase()))) return true;
  const desk = DESK.exec(trimmed)?.[1];
  return desk !== undefined && desk !== trimmed && isAgency(desk);
}

/** The agency a dateline's brackets name: `(tca/dpa)` is dpa, `(Reuters)` Reuters; else null. */
export function agencyInBrackets(brackets: string): string | null {
  const names = brackets.replace(/^\(|\)$/g, '').split('/').map((part) => part.trim());
  return names.reverse().find(isAgency) ?? null;
}
