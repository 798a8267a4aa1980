import type { ExtractContract } from '../../warehouse/contracts/contract.ts';

/** What landing a file needs: `landCsv` and `landParquet` take the same. */
export interface Landing {
  contract: ExtractContract;
  /** the path to read: the delivered file, or its UTF-8 copy (`readableSource`) */
  source: string;
  /** the delivered file's name, recorded with each rejected row */
  file: string;
  /** for each field of the file, in file order: the contract column it is, or null if ignored */
  fileColumns: (string | null)[];
  loadId: number;
}
