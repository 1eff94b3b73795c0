/**
 * JSON Schema (draft 2020-12 subset that ajv and JupyterLab's form renderer
 * both understand) of the NWB metadata document. Titles and descriptions are
 * what users see in the sidebar's metadata form.
 */
import { METADATA_SCHEMA_VERSION } from './document';

/** ISO 8601 date-time with an explicit UTC offset (NWB requires one). */
const DATETIME_WITH_OFFSET =
  '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})$';

const nullableNumber = { type: ['number', 'null'] };

export const METADATA_SCHEMA = {
  $id: 'https://ibl-nwb/metadata.schema.json',
  title: 'NWB metadata of an IBL session',
  type: 'object',
  required: ['schema_version', 'NWBFile', 'Subject', 'Probes', 'Ibl'],
  additionalProperties: false,
  properties: {
    schema_version: { const: METADATA_SCHEMA_VERSION },
    source: {
      type: 'object',
      properties: {
        alyx: { type: 'string' },
        created: { type: 'string' }
      }
    },
    NWBFile: {
      title: 'Session',
      type: 'object',
      additionalProperties: false,
      required: [
        'identifier',
        'session_id',
        'session_description',
        'session_start_time',
        'experimenter',
        'keywords',
        'related_publications'
      ],
      properties: {
        identifier: { title: 'Identifier', type: 'string', minLength: 1 },
        session_id: {
          title: 'Session id (eid)',
          type: 'string',
          minLength: 1
        },
        session_description: {
          title: 'Session description',
          description: 'What happened in this session, in a sentence or two.',
          type: 'string',
          minLength: 1
        },
        session_start_time: {
          title: 'Session start time',
          description:
            'ISO 8601 with the UTC offset, e.g. 2024-03-01T09:12:00+01:00.',
          type: 'string',
          pattern: DATETIME_WITH_OFFSET
        },
        timestamps_reference_time: {
          title: 'Timestamps reference time',
          type: 'string',
          pattern: DATETIME_WITH_OFFSET
        },
        experimenter: {
          title: 'Experimenters',
          type: 'array',
          items: { type: 'string', minLength: 1 }
        },
        experiment_description: {
          title: 'Experiment description',
          type: 'string'
        },
        keywords: {
          title: 'Keywords',
          type: 'array',
          items: { type: 'string', minLength: 1 }
        },
        institution: { title: 'Institution', type: 'string' },
        lab: { title: 'Lab', type: 'string' },
        protocol: { title: 'Protocol', type: 'string' },
        notes: { title: 'Notes', type: 'string' },
        related_publications: {
          title: 'Related publications',
          description: 'DOIs or URLs, e.g. doi:10.1101/2023.07.04.547681.',
          type: 'array',
          items: { type: 'string', minLength: 1 }
        }
      }
    },
    Subject: {
      title: 'Subject',
      type: 'object',
      additionalProperties: false,
      required: ['subject_id', 'sex'],
      properties: {
        subject_id: {
          title: 'Subject id (nickname)',
          type: 'string',
          minLength: 1
        },
        species: {
          title: 'Species',
          description: 'Latin binomial, e.g. Mus musculus.',
          type: 'string',
          pattern: '^[A-Z][a-z]+ [a-z]+'
        },
        sex: {
          title: 'Sex',
          type: 'string',
          enum: ['M', 'F', 'U', 'O']
        },
        strain: { title: 'Strain', type: 'string' },
        genotype: { title: 'Genotype', type: 'string' },
        description: { title: 'Description', type: 'string' },
        date_of_birth: {
          title: 'Date of birth',
          type: 'string',
          pattern: '^\\d{4}-\\d{2}-\\d{2}'
        },
        age: {
          title: 'Age',
          description: 'ISO 8601 duration, e.g. P92D for 92 days.',
          type: 'string',
          pattern:
            '^P(?!$)(\\d+Y)?(\\d+M)?(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+(\\.\\d+)?S)?)?$'
        },
        weight: {
          title: 'Weight',
          description: 'A number and its unit, e.g. 0.0253 kg.',
          type: 'string',
          pattern: '^\\d+(\\.\\d+)?(e-?\\d+)? ?(kg|g)$'
        },
        uuid: { title: 'Alyx subject UUID', type: 'string' }
      }
    },
    Probes: {
      title: 'Probes',
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'pid', 'trajectories'],
        properties: {
          name: {
            title: 'Name',
            type: 'string',
            pattern: '^probe\\d{2}[a-d]?$'
          },
          pid: { title: 'Insertion id (pid)', type: 'string', minLength: 1 },
          model: { title: 'Model', type: 'string' },
          serial: { title: 'Serial number', type: 'string' },
          alignment_resolved: {
            title: 'Histology alignment resolved',
            description:
              "From Alyx (the insertion's extended QC); the QC policy's alignment gate reads it.",
            type: 'boolean'
          },
          trajectories: {
            title: 'Trajectories',
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: [
                'provenance',
                'x',
                'y',
                'z',
                'depth',
                'theta',
                'phi',
                'roll'
              ],
              properties: {
                provenance: { type: 'string' },
                x: nullableNumber,
                y: nullableNumber,
                z: nullableNumber,
                depth: nullableNumber,
                theta: nullableNumber,
                phi: nullableNumber,
                roll: nullableNumber,
                coordinate_system: { type: 'string' }
              }
            }
          }
        }
      }
    },
    Ibl: {
      title: 'IBL session',
      type: 'object',
      additionalProperties: false,
      required: ['eid', 'projects', 'extended_qc', 'revisions'],
      properties: {
        eid: { type: 'string', minLength: 1 },
        session_number: { type: 'integer', minimum: 0 },
        projects: { type: 'array', items: { type: 'string' } },
        task_protocol: { type: 'string' },
        location: { type: 'string' },
        end_time: { type: 'string' },
        n_trials: { type: 'integer', minimum: 0 },
        n_correct_trials: { type: 'integer', minimum: 0 },
        qc: {
          type: 'string',
          enum: ['NOT_SET', 'PASS', 'WARNING', 'FAIL', 'CRITICAL']
        },
        extended_qc: {
          type: 'object',
          additionalProperties: {
            type: ['string', 'number', 'boolean', 'null']
          }
        },
        revision: {
          title: 'ALF revision',
          description:
            "Convert each dataset at its last revision on or before this one (ONE's rule; the 2026 release pins 2025-05-06). Empty: each dataset's default revision.",
          type: 'string',
          pattern: '^([^#/\\\\\\s]([^#/\\\\]*[^#/\\\\\\s])?)?$'
        },
        revisions: { type: 'object', additionalProperties: { type: 'string' } }
      }
    },
    QcPolicy: {
      title: 'QC policy',
      description:
        "Gates applied to the data (the 2026 release: exclude CRITICAL and FAIL videos, require a resolved alignment, pose likelihood 0.9). Recorded in the file's /general/ibl_metadata.",
      type: 'object',
      additionalProperties: false,
      required: ['exclude_video_qc', 'require_resolved_alignment'],
      properties: {
        exclude_video_qc: {
          title: 'Leave out cameras whose video QC is',
          description:
            'Video, pose, pupil and motion energy of such a camera are not written (a report note says so).',
          type: 'array',
          uniqueItems: true,
          items: { type: 'string', enum: ['CRITICAL', 'FAIL', 'WARNING'] },
          default: []
        },
        require_resolved_alignment: {
          title: 'Localisation only for resolved histology alignments',
          type: 'boolean',
          default: false
        },
        pose_likelihood_threshold: {
          title: 'Pose likelihood threshold',
          description:
            'Pose x and y become NaN where the likelihood is below this (likelihood kept). Empty: no threshold.',
          type: 'number',
          minimum: 0,
          maximum: 1
        }
      }
    }
  }
} as const;
