/** Every size limit in one place, shared by client (to warn early) and server (to enforce). */
export const limits = {
  /** Largest JSON request body, in bytes. */
  requestBodyBytes: 256 * 1024,
  /** Largest single collaboration message, in bytes. */
  collabMessageBytes: 2 * 1024 * 1024,
  /** Largest page document, as stored Yjs bytes. */
  pageBytes: 8 * 1024 * 1024,
  /** Largest awareness state of one client, in bytes. */
  awarenessBytes: 8 * 1024,
  /** Largest socket.io message (engine.io's maxHttpBufferSize), in bytes. */
  socketMessageBytes: 64 * 1024,
  nameChars: 100,
  emailChars: 254,
  passwordMinChars: 10,
  passwordMaxChars: 200,
  paperTitleChars: 200,
  paperSubtitleChars: 300,
  paperDescriptionChars: 2000,
  pageTitleChars: 200,
  /** Longest link address in a page, in characters. */
  linkHrefChars: 2048,
  /** Deepest nesting of the page tree (chapter = 1). */
  treeDepth: 6,
  /** Most pages in one paper, trash included. */
  pagesPerPaper: 2000,
  /** Shortest and longest life of an invitation link, in days. */
  invitationMinDays: 1,
  invitationMaxDays: 30,
  /** Highest "max uses" an invitation link may have (a link without one is unlimited until it expires). */
  invitationMaxUses: 1000,
  /** Most open (unexpired, unrevoked) invitation links a paper may have at once. */
  openInvitationsPerPaper: 50,
  /** Longest comment, in characters as shown (a mention counts as its "@Name"). */
  commentChars: 2000,
  /** Longest quote of commented text kept with an inline thread, in characters. */
  commentQuoteChars: 1000,
  /** Largest encoded Yjs relative position of a comment anchor, in bytes. */
  commentAnchorBytes: 128,
  /** Longest reason given when acknowledging confidentiality findings, in characters. */
  acknowledgementReasonChars: 1000,
  /** Most findings one acknowledgement may name. */
  acknowledgedFindings: 5000,
  /** Largest uploaded file (an attachment), in bytes. */
  fileBytes: 25 * 1024 * 1024,
  /** Largest image placed in a page, in bytes. */
  imageBytes: 10 * 1024 * 1024,
  /** Longest file name kept with an upload, in characters. */
  fileNameChars: 200,
  /** Longest image description (alt text), in characters. */
  altTextChars: 500,
  /** Largest file brought in by import (Markdown, HTML or DOCX), in bytes. */
  importBytes: 20 * 1024 * 1024,
  /** Most pages one import may create (split at top-level headings). */
  importPages: 200,
  /** Longest search query, in characters. */
  searchQueryChars: 200,
  /** Most results one search returns. */
  searchResults: 50,
} as const;
