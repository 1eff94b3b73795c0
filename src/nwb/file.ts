/**
 * NWBFile: the root of an NWB 2.9.0 file written straight to disk with h5wasm (Node).
 * The file is written as `<name>.part` and renamed on `close()`; `abort()` (or any error
 * inside `writeNwbFile`) removes the partial file.
 */
import { existsSync, renameSync, rmSync } from 'node:fs';
import {
  checkAbort,
  DEFAULT_STORAGE,
  INwbObject,
  IStorageOptions,
  IWriteContext,
  validateStorage
} from './context';
import { diskFullOr, NwbAbortError, NwbWriteError } from './errors';
import {
  checkIsoDatetime,
  IGeneralMetadata,
  ISubject,
  writeGeneral,
  writeSubject
} from './general';
import { getGroup, h5Ready, markTyped, scalarText, textArray } from './h5';
import { removeSideFiles } from './fast/chunk-file';
import { deflatePoolOf } from './fast/deflate-pool';
import { finishDeferred, finishDeferredAsync } from './fast/patch';
import {
  BASE_NAMESPACES,
  CORE_VERSION,
  writeSpecifications
} from './specifications';

export interface INwbFileMetadata extends IGeneralMetadata {
  identifier: string;
  sessionDescription: string;
  /** ISO 8601 with timezone. */
  sessionStartTime: string;
  /** Defaults to sessionStartTime. */
  timestampsReferenceTime?: string;
  /** Defaults to now (UTC). */
  fileCreateDate?: string[];
  subject?: ISubject;
}

export interface ICloseOptions {
  readBack?: (
    partPath: string,
    ready: (path: string) => Promise<void>
  ) => Promise<void>;
}

export interface IWriteOptions {
  storage?: Partial<IStorageOptions>;
  signal?: AbortSignal;
}

export class NWBFile {
  private closed = false;

  private constructor(
    readonly ctx: IWriteContext,
    readonly partPath: string
  ) {}

  /** Opens `<path>.part` and writes the root, the required groups and /general. */
  static async create(
    path: string,
    meta: INwbFileMetadata,
    options: IWriteOptions = {}
  ): Promise<NWBFile> {
    if (!path.endsWith('.nwb')) {
      throw new NwbWriteError(
        path,
        '/',
        'the output file name must end in .nwb'
      );
    }
    const storage = { ...DEFAULT_STORAGE, ...options.storage };
    validateStorage(storage, path);
    checkIsoDatetime(meta.sessionStartTime, path, 'session_start_time');
    const reference = meta.timestampsReferenceTime ?? meta.sessionStartTime;
    checkIsoDatetime(reference, path, 'timestamps_reference_time');
    const h5 = await h5Ready();
    const partPath = `${path}.part`;
    // The oldest format HDF5 can write (as h5py does): widest reader support, and the layout
    // that fast/patch.ts knows how to extend.
    const file = new h5.File(partPath, 'w', { libver: ['earliest', 'latest'] });
    const ctx: IWriteContext = {
      file,
      fsPath: path,
      storage,
      signal: options.signal,
      namespaces: new Set(BASE_NAMESPACES),
      deferred: [],
      pending: []
    };
    const nwb = new NWBFile(ctx, partPath);
    try {
      file.create_attribute('nwb_version', CORE_VERSION);
      markTyped(file, 'NWBFile', 'core');
      const created = meta.fileCreateDate ?? [
        new Date().toISOString().replace('Z', '+00:00')
      ];
      created.forEach(d => checkIsoDatetime(d, path, 'file_create_date'));
      textArray(file, 'file_create_date', created, 'ascii');
      scalarText(file, 'identifier', meta.identifier);
      scalarText(file, 'session_description', meta.sessionDescription);
      scalarText(file, 'session_start_time', meta.sessionStartTime, 'ascii');
      scalarText(file, 'timestamps_reference_time', reference, 'ascii');
      for (const name of ['acquisition', 'analysis', 'processing', 'general']) {
        file.create_group(name);
      }
      const stimulus = file.create_group('stimulus');
      stimulus.create_group('presentation');
      stimulus.create_group('templates');
      const general = getGroup(file, '/general', path);
      writeGeneral(general, meta);
      if (meta.subject) {
        writeSubject(ctx, general, meta.subject);
      }
    } catch (err) {
      await nwb.abort();
      throw diskFullOr(err, path, '/', partPath);
    }
    return nwb;
  }

  /**
   * Starts the deflate threads now rather than with the first large array, so that their
   * start-up overlaps the caller's own (a conversion reads metadata and tables first).
   */
  startWorkers(): void {
    const { storage } = this.ctx;
    if (!this.closed && storage.deflateWorkers > 0 && storage.gzipLevel > 0) {
      deflatePoolOf(this.ctx).warm();
    }
  }

  get acquisition(): INwbObject {
    return { ctx: this.ctx, path: '/acquisition' };
  }

  get analysis(): INwbObject {
    return { ctx: this.ctx, path: '/analysis' };
  }

  get stimulusPresentation(): INwbObject {
    return { ctx: this.ctx, path: '/stimulus/presentation' };
  }

  get stimulusTemplates(): INwbObject {
    return { ctx: this.ctx, path: '/stimulus/templates' };
  }

  /**
   * Caches the specifications, closes and renames `.part` to the final name. `readBack`,
   * if given, reads the closed `.part` file before the rename while the compressed chunks
   * are still being moved into it: `ready(path)` resolves once the dataset at `path` is
   * complete. If it throws, nothing is renamed and the partial file is removed.
   */
  async close(options: ICloseOptions = {}): Promise<string> {
    try {
      checkAbort(this.ctx);
      writeSpecifications(this.ctx.file, this.ctx.namespaces);
      this.ctx.file.close();
      this.closed = true;
      // Chunks still being compressed from shared memory land in the chunk file first.
      await Promise.all(this.ctx.pending);
      await this.ctx.pool?.close();
      if (options.readBack) {
        const finishing = finishDeferredAsync(
          this.partPath,
          this.ctx.deferred,
          this.ctx.storage.chunksInPlaceFromBytes
        );
        const [read, finished] = await Promise.allSettled([
          options.readBack(this.partPath, finishing.ready),
          finishing.done
        ]);
        if (finished.status === 'rejected') {
          throw finished.reason;
        }
        if (read.status === 'rejected') {
          throw read.reason;
        }
      } else {
        finishDeferred(
          this.partPath,
          this.ctx.deferred,
          this.ctx.storage.chunksInPlaceFromBytes
        );
      }
      checkAbort(this.ctx);
      renameSync(this.partPath, this.ctx.fsPath);
      return this.ctx.fsPath;
    } catch (err) {
      await this.abort();
      throw diskFullOr(err, this.ctx.fsPath, '/', this.partPath);
    }
  }

  /**
   * Closes (if open) and deletes the partial file; the final `.nwb` is never created. The
   * files are gone when this returns; the promise resolves once the deflate threads have
   * stopped and every dataset closed its descriptor of the (deleted) chunk file, i.e. once
   * its disk space is free again. It never rejects.
   */
  abort(): Promise<void> {
    if (!this.closed) {
      try {
        this.ctx.file.close();
      } catch {
        // The file may already be unusable; removing it is what matters.
      }
      this.closed = true;
    }
    if (existsSync(this.partPath)) {
      rmSync(this.partPath);
    }
    removeSideFiles(this.ctx.deferred);
    if (this.ctx.chunkFile) {
      rmSync(this.ctx.chunkFile.path, { force: true });
    }
    // Chunks still queued reject at once; running ones once their thread has ended (so
    // their datasets close the chunk file's descriptors only then).
    const stopped = this.ctx.pool?.close() ?? Promise.resolve();
    return Promise.allSettled([stopped, ...this.ctx.pending]).then(
      () => undefined
    );
  }
}

/**
 * Creates a file, runs `fill`, and closes it; on any error or cancellation the partial file
 * is removed and the error rethrown. Returns the final path.
 */
export async function writeNwbFile(
  path: string,
  meta: INwbFileMetadata,
  fill: (nwb: NWBFile) => Promise<void> | void,
  options: IWriteOptions = {}
): Promise<string> {
  if (options.signal?.aborted) {
    throw new NwbAbortError(path);
  }
  const nwb = await NWBFile.create(path, meta, options);
  try {
    await fill(nwb);
  } catch (err) {
    await nwb.abort();
    throw diskFullOr(err, path, '/', nwb.partPath);
  }
  return nwb.close();
}
