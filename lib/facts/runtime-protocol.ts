/**
 * What the runtime companion (packages/runtime) relies on when it talks to ElastiCache: which commands exist where,
 * how Auto Discovery answers, how IAM tokens work, how Memcached keys are spread. The runtime cites these pages in its
 * comments; test/facts/runtime-sources.test.ts checks that every page it cites is listed here, with the day it was read.
 */
import { CHECKED, FactSource } from './fact-source';

const DG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/dg';
const MEM_UG = 'https://docs.aws.amazon.com/AmazonElastiCache/latest/mem-ug';

interface Sourced {
  readonly sources: readonly FactSource[];
}

/** Near cache: server-assisted client-side caching is there on node-based caches, not on Serverless. */
export const CLIENT_TRACKING: Sourced & {
  /** The commands the near cache's setup needs that Serverless does not offer: setup fails at the first. */
  readonly unavailableOnServerless: readonly string[];
  /** What node-based Valkey / Redis OSS clusters restrict (CLIENT TRACKING is not among them). */
  readonly restrictedOnNodeBased: readonly string[];
} = {
  unavailableOnServerless: ['CLIENT ID', 'CLIENT TRACKING', 'CLIENT TRACKINGINFO'],
  restrictedOnNodeBased: ['bgrewriteaof', 'bgsave', 'config', 'debug', 'migrate', 'replicaof', 'save', 'slaveof', 'shutdown', 'sync'],
  sources: [
    {
      url: `${DG}/SupportedCommands.html`,
      checked: CHECKED,
      // Its section "Restricted Valkey and Redis OSS commands" lists CLIENT ID, CLIENT TRACKING and CLIENT TRACKINGINFO.
      quote: 'unavailable for serverless caches',
    },
    {
      url: `${DG}/ClientConfig.RestrictedCommands.html`,
      checked: CHECKED,
      quote:
        'For clusters running Redis OSS, the following commands are unavailable: bgrewriteaof, bgsave, config, debug, migrate, ' +
        'replicaof, save, slaveof, shutdown, sync',
    },
  ],
};

/** Memcached Auto Discovery: the command and the reply the runtime's discovery parses. */
export const AUTO_DISCOVERY: Sourced & { readonly command: string; readonly nodeFormat: string } = {
  command: 'config get cluster',
  nodeFormat: 'hostname|ip-address|port',
  sources: [
    {
      url: `${DG}/AutoDiscovery.AddingToYourClientLibrary.html`,
      checked: CHECKED,
      quote:
        'If the cache engine version is 1.4.14 or higher, use the config command. [...] config get cluster [...] hostname|ip-address|port',
    },
  ],
};

/** Memcached commands: ElastiCache Serverless for Memcached takes text-protocol commands over TLS only. */
export const MEMCACHED_COMMANDS: Sourced & { readonly binaryProtocol: boolean; readonly udp: boolean } = {
  binaryProtocol: false,
  udp: false,
  sources: [
    {
      url: `${MEM_UG}/SupportedCommandsMem.html`,
      checked: CHECKED,
      quote:
        'Client connections require TLS, as a result UDP protocol is not supported. Binary protocol is not supported, as it is ' +
        'officially deprecated in memcached 1.6. [...] me - meta debug (me) command is not supported',
    },
  ],
};

/** Memcached key placement: consistent hashing moves about 1/n of the keys when a node joins or leaves. */
export const MEMCACHED_KEY_PLACEMENT: Sourced = {
  sources: [
    {
      url: `${DG}/BestPractices.LoadBalancing.html`,
      checked: CHECKED,
      quote:
        'whenever you add or remove a node from the cluster, the number of keys that need to be moved is (n - 1) / n [...] The ' +
        'solution to this dilemma is consistent hashing.',
    },
  ],
};

/** IAM authentication tokens, which the runtime signs (iam-auth-token.ts). */
export const IAM_AUTH_TOKEN: Sourced & { readonly validMinutes: number; readonly minimumVersions: Readonly<Record<string, string>> } = {
  validMinutes: 15,
  minimumVersions: { valkey: '7.2', redis: '7.0' },
  sources: [
    {
      url: `${DG}/auth-iam.html`,
      checked: CHECKED,
      quote:
        'when your cache is configured to use Valkey or Redis OSS version 7 or above [...] providing a short-lived IAM ' +
        'authentication token instead of a long-lived ElastiCache user password in the Valkey or Redis OSS AUTH or HELLO command',
    },
    {
      // The Limitations section, as read in the Japanese edition of the page (the English excerpt stopped before it).
      url: 'https://docs.aws.amazon.com/ja_jp/AmazonElastiCache/latest/dg/auth-iam.html',
      checked: CHECKED,
      quote:
        'IAM 認証は、ElastiCache for Valkey 7.2 以降または Redis OSS バージョン 7.0 以降を使用している場合に使用できます。 [...] ' +
        'IAM が有効な ElastiCache ユーザーの場合、ユーザー名とユーザー ID のプロパティは同じである必要があります。 [...] ' +
        'IAM 認証トークンは 15 分間有効です。',
    },
  ],
};
