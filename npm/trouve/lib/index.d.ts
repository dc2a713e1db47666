/** The languages `trouve build --lang` takes. */
export declare const LANGUAGES: readonly Language[];

export type Language =
  | 'fr' | 'en' | 'de' | 'es' | 'it' | 'pt' | 'nl' | 'da' | 'sv' | 'no' | 'fi' | 'hu' | 'ro' | 'tr'
  | 'none';

/** The options of `trouve build`. */
export interface IndexOptions {
  /** `--lang`: stemming and elision. Without it, the build reads which from the documents. */
  lang?: Language;
  /** `--layout`: `auto` (the default) picks `single` up to about 500 KB of text, `split` above. */
  layout?: 'auto' | 'single' | 'split';
  /**
   * `--url`: where results link to, for documents without a URL of their own:
   * `{path}` is the file's path on the site (a `.md` file as `.html`), `{id}`
   * the document's id; without either, a prefix to the path. Default `/{path}`.
   */
  url?: string;
  /** `false` is `--no-bundle`: write only `index.trv`, not the browser bundle. Default `true`. */
  bundle?: boolean;
}

export interface SiteFile {
  /** Where the file is on the site, relative, `/` between names: `blog/post.html`. */
  path: string;
  content: string | Uint8Array;
}

export interface IndexRecord {
  /** The document's id (default `records#N`, N its place among the records). */
  id?: string | number;
  title?: string;
  body?: string;
  /** Where its result links to; required unless the index's `url` template is made with `{id}` alone. */
  url?: string;
  /** `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (or an ISO timestamp), or a Date (its UTC day). */
  date?: string | Date;
}

export interface DirectoryOptions {
  /** The folder, absolute or relative to the working directory. */
  path: string;
  /** `--glob`: read the files these patterns match, instead of Trouve's own choice. */
  glob?: string | string[];
  /** `--exclude`: leave out the files, and folders with all they hold, these patterns match. */
  exclude?: string | string[];
}

export interface WriteResult {
  /** The files the build wrote, as paths in the output folder with `/` between names. */
  files: string[];
  /** What the build printed: the language chosen, files skipped and why, the summary. */
  log: string;
}

/** Thrown (as a rejection) when `trouve build` fails. */
export interface BuildError extends Error {
  stderr: string;
  stdout: string;
  exitCode: number | null;
  signal: string | null;
}

export interface TrouveIndex {
  addHTMLFile(file: SiteFile): Promise<void>;
  addMarkdownFile(file: SiteFile): Promise<void>;
  addRecord(record: IndexRecord): Promise<void>;
  /** Resolves to the paths of the files added, relative to the folder. */
  addDirectory(options: DirectoryOptions): Promise<{ files: string[] }>;
  /**
   * Builds the index and writes it, with the browser bundle, into `outputPath`;
   * then removes the staged documents: the index takes no more.
   */
  writeFiles(options: { outputPath: string }): Promise<WriteResult>;
  /** Removes the staged documents without writing anything. */
  discard(): Promise<void>;
}

/** A new, empty index; rejects if this platform's `trouve` binary is not installed. */
export declare function createIndex(options?: IndexOptions): Promise<TrouveIndex>;

/** The path of the native `trouve` binary this package runs; throws if there is none. */
export declare function binaryPath(): string;
