// The built-in classes of configuration items (seeded by the migration; admins add their own and
// attributes to these). Attributes use the request forms' field types and rules.
import type { FieldDefinitionInput } from '../../../shared/fields.js';

export interface ClassDefinition {
  key: string;
  name: string;
  icon: string;
  description: string;
  attributes: FieldDefinitionInput[];
}

const optional = { required: false } as const;
const text = (key: string, label: string, help?: string): FieldDefinitionInput => ({
  key,
  label,
  type: 'text',
  ...optional,
  ...(help ? { help } : {}),
});
const choice = (key: string, label: string, values: string[]): FieldDefinitionInput => ({
  key,
  label,
  type: 'select',
  ...optional,
  options: values.map((value) => ({ value, label: value })),
});
const regionList: FieldDefinitionInput = { key: 'regions', label: 'Regions', type: 'list', ...optional };
const instanceStates = ['running', 'stopped', 'pending', 'terminated', 'stopping'];

export const builtInClasses: ClassDefinition[] = [
  {
    key: 'service',
    name: 'Service',
    icon: 'briefcase',
    description: 'A business or technical service people use; the status page shows the public ones.',
    attributes: [
      choice('kind', 'Kind', ['business', 'technical']),
      {
        key: 'criticality',
        label: 'Criticality',
        help: '1 (most critical) to 4',
        type: 'number',
        ...optional,
        rules: { min: 1, max: 4 },
      },
      regionList,
      { key: 'public', label: 'On the public status page', type: 'boolean', ...optional },
      { key: 'description', label: 'Description', type: 'longtext', ...optional },
      text('statusGroup', 'Status page group'),
    ],
  },
  {
    key: 'application',
    name: 'Application',
    icon: 'app-window',
    description: 'Software that serves a service.',
    attributes: [text('url', 'URL'), text('version', 'Version'), regionList],
  },
  {
    key: 'server',
    name: 'Server',
    icon: 'server',
    description: 'A physical or virtual machine, including cloud instances.',
    attributes: [
      text('provider', 'Provider', 'aws, sandbox, on-premises …'),
      text('externalId', 'External id', 'e.g. the EC2 instance id'),
      text('region', 'Region'),
      choice('state', 'State', instanceStates),
      text('ip', 'IP address'),
      text('os', 'Operating system'),
    ],
  },
  {
    key: 'database',
    name: 'Database',
    icon: 'database',
    description: 'A database (PostgreSQL, MySQL, MongoDB …).',
    attributes: [
      choice('engine', 'Engine', ['postgres', 'mysql', 'mongodb', 'other']),
      text('version', 'Version'),
      text('host', 'Host'),
    ],
  },
  {
    key: 'network_device',
    name: 'Network device',
    icon: 'router',
    description: 'A router, switch, firewall, load balancer or VPN gateway.',
    attributes: [
      choice('deviceType', 'Type', ['router', 'switch', 'firewall', 'load_balancer', 'vpn_gateway']),
      text('vendor', 'Vendor'),
      text('model', 'Model'),
      text('ip', 'Management IP'),
      text('firmware', 'Firmware version'),
    ],
  },
  {
    key: 'site',
    name: 'Site',
    icon: 'map-pin',
    description: 'A location: an office, a data centre, a cloud region.',
    attributes: [
      text('city', 'City'),
      text('country', 'Country'),
      text('timeZone', 'Time zone', 'IANA, e.g. Asia/Jakarta'),
    ],
  },
  {
    key: 'domain',
    name: 'Domain',
    icon: 'globe',
    description: 'A DNS name.',
    attributes: [text('recordType', 'Record type'), text('target', 'Points to'), text('zone', 'Hosted zone')],
  },
  {
    key: 'certificate',
    name: 'Certificate',
    icon: 'certificate',
    description: 'A TLS certificate.',
    attributes: [
      text('domain', 'Domain'),
      text('issuer', 'Issuer'),
      { key: 'expiresAt', label: 'Expires', type: 'date', ...optional },
      text('arn', 'ARN'),
      text('status', 'Status'),
    ],
  },
  {
    key: 'cdn_distribution',
    name: 'CDN distribution',
    icon: 'cloud',
    description: 'A content delivery distribution (e.g. CloudFront) in front of an origin.',
    attributes: [
      text('domainName', 'Distribution domain'),
      text('origin', 'Origin'),
      text('status', 'Status'),
    ],
  },
  {
    key: 'staging_environment',
    name: 'Staging environment',
    icon: 'flask',
    description: 'A staging environment of the inventory: its instance, databases and domains.',
    attributes: [
      text('provider', 'Provider'),
      text('externalId', 'External id'),
      choice('state', 'State', instanceStates),
      { key: 'requestOnly', label: 'Request only', type: 'boolean', ...optional },
      text('url', 'URL'),
      text('region', 'Region'),
      { key: 'endDate', label: 'End date', type: 'date', ...optional },
    ],
  },
];
