/**
 * ElastiCache Auto Discovery's node list: the data block of `config get cluster` (engine 1.4.14 and later), e.g.
 *
 * ```
 * CONFIG cluster 0 136\r\n
 * 12\n
 * myCluster.pc4ldq.0001.use1.cache.amazonaws.com|10.82.235.120|11211 myCluster.pc4ldq.0002.use1.cache.amazonaws.com|10.80.249.27|11211\n
 * \r\n
 * END\r\n
 * ```
 *
 * "The version number of the configuration information. Each time a node is added or removed from the cache cluster,
 * the version number increases by one." Each node is `hostname|ip-address|port`, nodes are separated by a space, "the
 * config version line is terminated by LF without the CR", and "if the private IP address is not available, it will
 * not be shown; however, the pipe characters (|) will still be printed."
 * (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoDiscovery.AddingToYourClientLibrary.html, "Output
 * Format"). The protocol layer has already cut the block by its length (136 above); this parses its text.
 */
import type { NodeAddress } from './ketama';

/** A node list with its version. */
export interface ClusterConfig {
  readonly version: number;
  readonly nodes: readonly NodeAddress[];
}

/** Parses the block; throws an Error naming what is malformed. */
export function parseClusterConfig(block: string): ClusterConfig {
  const lines = block.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length !== 2)
    throw new Error(`malformed 'config get cluster' reply: expected a version line and a node line, got ${JSON.stringify(block)}`);
  const [versionLine, nodeLine] = lines;
  if (!/^\d+$/.test(versionLine.trim())) throw new Error(`malformed 'config get cluster' version: ${JSON.stringify(versionLine)}`);
  const nodes = nodeLine
    .trim()
    .split(/\s+/)
    .map((entry) => {
      const match = /^([^|]+)\|([^|]*)\|(\d+)$/.exec(entry);
      if (!match || Number(match[3]) < 1 || Number(match[3]) > 65535) {
        throw new Error(`malformed 'config get cluster' node: ${JSON.stringify(entry)} (expected hostname|ip|port)`);
      }
      return { hostname: match[1], ip: match[2], port: Number(match[3]) };
    });
  return { version: Number(versionLine.trim()), nodes };
}

/** The block for `config` (what ElastiCache sends; the test's fake configuration endpoint uses it). */
export function formatClusterConfig(config: ClusterConfig): string {
  return `${config.version}\n${config.nodes.map((n) => `${n.hostname}|${n.ip}|${n.port}`).join(' ')}\n`;
}
