// What the image explorer shows, read from the engine's state, one idea per file: the image and its
// layers (stack), one layer's changes (changes), wasted space and efficiency (efficiency), the largest
// files (largest), two images compared (compare) and a file version for the line diff (file).

export type { ExplorerImage, ExplorerLayer, ImageStack } from './stack';
export { combinedView, explorerImages, finalView, imageStack, shortDiffId } from './stack';
export type { Change, ChangeCounts } from './changes';
export { bytesUnder, countMarks, layerChanges } from './changes';
export type { DiveScore, Efficiency, WastedPath } from './efficiency';
export { diveScore, efficiency, efficiencyOf } from './efficiency';
export type { BigFile } from './largest';
export { largestFiles } from './largest';
export type { Comparison, PathDiff } from './compare';
export { compareImages, entryDiffers } from './compare';
export type { DiffRequest, FileSide, FileText } from './file';
export { finalSide, lowerSide, readVersion } from './file';
