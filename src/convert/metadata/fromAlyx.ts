import { ageAtSession } from './age';
import { IAlyxRecords, IAlyxSubject, IAlyxTrajectory } from './alyxRecords';
import {
  IIblSessionMetadata,
  INwbMetadata,
  IProbeMetadata,
  ISubjectMetadata,
  METADATA_SCHEMA_VERSION
} from './document';
import { withTimeZone } from './timezone';

/** Alyx species names → the Latin binomial NWB (and the NWB Inspector) expect. */
const SPECIES: Record<string, string> = {
  'laboratory mouse': 'Mus musculus',
  mouse: 'Mus musculus',
  'mus musculus': 'Mus musculus',
  rat: 'Rattus norvegicus',
  'rattus norvegicus': 'Rattus norvegicus',
  'rhesus macaque': 'Macaca mulatta'
};

/** Copy the defined values of `optional` onto `target` (JSON has no undefined). */
function assignDefined<T extends object>(target: T, optional: Partial<T>): T {
  for (const [key, value] of Object.entries(optional)) {
    if (value !== undefined) {
      (target as Record<string, unknown>)[key] = value;
    }
  }
  return target;
}

function nonEmpty(value: string | null | undefined): string | undefined {
  const text = value?.trim();
  return text ? text : undefined;
}

function species(alyxSpecies: string | null | undefined): string | undefined {
  const text = nonEmpty(alyxSpecies);
  return text ? (SPECIES[text.toLowerCase()] ?? text) : undefined;
}

function genotype(subject: IAlyxSubject): string | undefined {
  const parts = (subject.genotype ?? []).map(g =>
    typeof g === 'string'
      ? g
      : [g.allele, g.zygosity].filter(x => x !== undefined).join(' ')
  );
  return nonEmpty(parts.join(', '));
}

function subjectMetadata(
  records: IAlyxRecords,
  start: string
): ISubjectMetadata {
  const subject = records.subject;
  const nickname = subject?.nickname ?? records.session.subject;
  const sex = subject?.sex?.toUpperCase();
  const meta: ISubjectMetadata = {
    subject_id: nickname,
    sex: sex === 'M' || sex === 'F' || sex === 'O' ? sex : 'U'
  };
  if (!subject) {
    return meta;
  }
  return assignDefined(meta, {
    species: species(subject.species),
    strain: nonEmpty(subject.strain) ?? nonEmpty(subject.line),
    genotype: genotype(subject),
    description: nonEmpty(subject.description),
    date_of_birth: subject.birth_date
      ? subject.birth_date.slice(0, 10)
      : undefined,
    age: subject.birth_date
      ? ageAtSession(subject.birth_date, start)
      : undefined,
    // Alyx reference weights are grams; NWB stores text with its unit.
    weight:
      typeof subject.reference_weight === 'number' &&
      subject.reference_weight > 0
        ? `${+(subject.reference_weight / 1000).toPrecision(6)} kg`
        : undefined,
    uuid: nonEmpty(subject.id)
  });
}

function num(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function probes(records: IAlyxRecords): IProbeMetadata[] {
  const trajectories = records.trajectories ?? [];
  return (records.session.probe_insertion ?? []).map(insertion => {
    const mine = trajectories.filter(
      (t: IAlyxTrajectory) =>
        t.probe_insertion === insertion.id ||
        (t.probe_insertion === undefined && t.probe_name === insertion.name)
    );
    const probe: IProbeMetadata = {
      name: insertion.name,
      pid: insertion.id,
      trajectories: mine.map(t => ({
        provenance: t.provenance ?? 'unknown',
        x: num(t.x),
        y: num(t.y),
        z: num(t.z),
        depth: num(t.depth),
        theta: num(t.theta),
        phi: num(t.phi),
        roll: num(t.roll),
        ...(t.coordinate_system
          ? { coordinate_system: t.coordinate_system }
          : {})
      }))
    };
    if (nonEmpty(insertion.model)) {
      probe.model = insertion.model!;
    }
    if (nonEmpty(insertion.serial)) {
      probe.serial = insertion.serial!;
    }
    const resolved = alignmentResolved(insertion.json);
    if (resolved !== undefined) {
      probe.alignment_resolved = resolved;
    }
    return probe;
  });
}

/** The insertion's `json.extended_qc.alignment_resolved`, when Alyx records it. */
function alignmentResolved(
  json: Record<string, unknown> | null | undefined
): boolean | undefined {
  const qc = json?.extended_qc;
  const value =
    qc && typeof qc === 'object'
      ? (qc as Record<string, unknown>).alignment_resolved
      : undefined;
  return typeof value === 'boolean' ? value : undefined;
}

/** QC outcomes only: nested detail (arrays, objects) stays in Alyx. */
function extendedQcSummary(
  extended: Record<string, unknown> | null | undefined
): IIblSessionMetadata['extended_qc'] {
  const summary: IIblSessionMetadata['extended_qc'] = {};
  for (const [key, value] of Object.entries(extended ?? {})) {
    if (
      value === null ||
      ['string', 'number', 'boolean'].includes(typeof value)
    ) {
      summary[key] = value as string | number | boolean | null;
    } else if (
      Array.isArray(value) &&
      value.length > 0 &&
      typeof value[0] !== 'object'
    ) {
      summary[key] = value[0] as string | number | boolean;
    }
  }
  return summary;
}

function sessionDescription(records: IAlyxRecords): string {
  const { session } = records;
  const narrative = nonEmpty(session.narrative);
  if (narrative && narrative.toLowerCase() !== 'auto-generated session') {
    return narrative;
  }
  const date = session.start_time.slice(0, 10);
  const what = nonEmpty(session.task_protocol) ?? 'IBL';
  const procedures = (session.procedures ?? []).filter(p => p.trim());
  return (
    `${what} session of subject ${session.subject} on ${date}` +
    (session.number !== null && session.number !== undefined
      ? `, number ${session.number}`
      : '') +
    (procedures.length > 0 ? ` (${procedures.join(', ')})` : '') +
    '.'
  );
}

/**
 * Build the NWB metadata document from Alyx records. Fields Alyx does not
 * provide are left out (never invented); the schema then says what is missing.
 */
export function metadataFromAlyx(
  records: IAlyxRecords,
  now = new Date()
): INwbMetadata {
  const { session, lab } = records;
  const timeZone = nonEmpty(lab?.timezone);
  const start = timeZone
    ? withTimeZone(session.start_time, timeZone)
    : session.start_time;
  const projects = (session.projects ?? []).filter(p => p.trim());
  const notes = (session.notes ?? [])
    .map(n => nonEmpty(n.text))
    .filter((t): t is string => t !== undefined);

  const nwbFile: INwbMetadata['NWBFile'] = {
    identifier: session.id,
    session_id: session.id,
    session_description: sessionDescription(records),
    session_start_time: start,
    experimenter: (session.users ?? []).filter(u => u.trim()),
    keywords: ['International Brain Laboratory', ...projects],
    related_publications: []
  };
  assignDefined(nwbFile, {
    experiment_description:
      projects.length > 0 ? projects.join(', ') : undefined,
    institution: nonEmpty(lab?.institution),
    lab: nonEmpty(session.lab ?? lab?.name),
    protocol: nonEmpty(session.task_protocol),
    notes: notes.length > 0 ? notes.join('\n') : undefined
  });

  const ibl: IIblSessionMetadata = {
    eid: session.id,
    projects,
    extended_qc: extendedQcSummary(session.extended_qc),
    revisions: {}
  };
  assignDefined(ibl, {
    session_number: session.number ?? undefined,
    task_protocol: nonEmpty(session.task_protocol),
    location: nonEmpty(session.location),
    end_time: session.end_time
      ? timeZone
        ? withTimeZone(session.end_time, timeZone)
        : session.end_time
      : undefined,
    n_trials: session.n_trials ?? undefined,
    n_correct_trials: session.n_correct_trials ?? undefined,
    qc: nonEmpty(session.qc)
  });

  return {
    schema_version: METADATA_SCHEMA_VERSION,
    source: {
      ...(records.alyx ? { alyx: records.alyx } : {}),
      created: now.toISOString()
    },
    NWBFile: nwbFile,
    Subject: subjectMetadata(records, start),
    Probes: probes(records),
    Ibl: ibl
  };
}
