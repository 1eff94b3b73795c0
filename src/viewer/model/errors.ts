/** A failure to read an HDF5 object, naming the file and object. */
export class H5ReadError extends Error {
  constructor(
    readonly filename: string,
    readonly objectPath: string,
    problem: string
  ) {
    super(`${filename}: ${objectPath} ${problem}.`);
    this.name = 'H5ReadError';
  }
}

/** The file opened but is not an NWB file we can make sense of. */
export class NwbFormatError extends Error {
  constructor(
    readonly filename: string,
    problem: string
  ) {
    super(`${filename} ${problem}`);
    this.name = 'NwbFormatError';
  }
}
