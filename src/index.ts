// Broadsheet as a library: the same pipeline the command line runs. Most people want the CLI
// (`npx broadsheet build`); this is for tools that build a site from a script.

export { build, type BuildInput, type BuildIO, type BuildResult, type BuildStats } from './build/index.js';
export { loadConfig, CONFIG_FILE } from './project/config.js';
export { runProject, type ProjectFlags, type ProjectTarget, type Run } from './project/index.js';
export { folderWriter, memoryWriter, discardWriter, type Writer } from './write.js';
export { defaultConfig, parseConfig, configJsonSchema } from './project/config-schema.js';
export { findContent, readTheme, readImageSizes, DEFAULT_TEMPLATES_DIR } from './project/scan.js';
export { inlinePool, workerPool } from './build/workers/pool.js';
export { registerFormat, contentFormats } from './content/formats/index.js';
export { parsingSettings, type ParseSettings } from './content/settings.js';
export type { ContentFormat, ArticleFields, ArticleBody, ReadContext, FieldName } from './content/format.js';
export { collectDiagnostics, formatDiagnostic, type Diagnostic } from './messages/report.js';
export type { Article, ArticleMeta, SiteConfig, BuildOptions } from './types.js';
