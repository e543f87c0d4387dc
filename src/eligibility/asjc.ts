/**
 * Scopus's All Science Journal Classification: the first two digits of a four-digit ASJC code
 * name the subject area a reviewer selects in Scopus's source browser (2700–2748 are all
 * Medicine). The CiteScore list names only the sub-area of each row ("Developmental Biology",
 * 1309), so a row's subject area comes from its code through this table.
 */
export const ASJC_SUBJECT_AREAS: { readonly [twoDigits: string]: string } = {
  "10": "Multidisciplinary",
  "11": "Agricultural and Biological Sciences",
  "12": "Arts and Humanities",
  "13": "Biochemistry, Genetics and Molecular Biology",
  "14": "Business, Management and Accounting",
  "15": "Chemical Engineering",
  "16": "Chemistry",
  "17": "Computer Science",
  "18": "Decision Sciences",
  "19": "Earth and Planetary Sciences",
  "20": "Economics, Econometrics and Finance",
  "21": "Energy",
  "22": "Engineering",
  "23": "Environmental Science",
  "24": "Immunology and Microbiology",
  "25": "Materials Science",
  "26": "Mathematics",
  "27": "Medicine",
  "28": "Neuroscience",
  "29": "Nursing",
  "30": "Pharmacology, Toxicology and Pharmaceutics",
  "31": "Physics and Astronomy",
  "32": "Psychology",
  "33": "Social Sciences",
  "34": "Veterinary",
  "35": "Dentistry",
  "36": "Health Professions",
};

/** The subject areas of a cell of ASJC codes (`1309`, `2700; 2739`): unknown codes name nothing. */
export function asjcSubjectAreas(cell: string | null): string[] {
  if (cell === null) return [];
  const areas = new Set<string>();
  for (const code of cell.match(/\b\d{4}\b/g) ?? []) {
    const area = ASJC_SUBJECT_AREAS[code.slice(0, 2)];
    if (area !== undefined) areas.add(area);
  }
  return [...areas];
}
