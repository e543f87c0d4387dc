/**
 * Display names of the database ids srpipe's readers give records by their content (a RIS
 * file's DB line, a Web of Science accession, an API's own format), for a database review.json
 * does not declare: PRISMA and warnings then say "Web of Science", not "wos". A declared
 * database keeps the name review.json gives it.
 */
const DISPLAY_NAMES: { readonly [id: string]: string } = {
  arxiv: "arXiv",
  dimensions: "Dimensions",
  ebsco: "EBSCOhost",
  embase: "Embase",
  ieee: "IEEE Xplore",
  lens: "The Lens",
  openalex: "OpenAlex",
  ovid: "Ovid",
  pubmed: "PubMed",
  sciencedirect: "ScienceDirect",
  scopus: "Scopus",
  // Records whose file names no database and that sit in no declared database's folder.
  unknown: "Database not stated by the file",
  wos: "Web of Science",
};

export function databaseDisplayName(id: string): string {
  return DISPLAY_NAMES[id] ?? id;
}
