import { formatClusterConfig, parseClusterConfig } from '../../src/memcached/cluster-config';
import { ReplyParser } from '../../src/memcached/protocol';

/** The example of "Output Format" in https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/AutoDiscovery.AddingToYourClientLibrary.html */
const AWS_EXAMPLE =
  'CONFIG cluster 0 136\r\n' +
  '12\n' +
  'myCluster.pc4ldq.0001.use1.cache.amazonaws.com|10.82.235.120|11211 myCluster.pc4ldq.0002.use1.cache.amazonaws.com|10.80.249.27|11211\n' +
  '\r\n' +
  'END\r\n';

describe('config get cluster', () => {
  test("parses AWS's documented reply, whose announced length (136) covers both lines", () => {
    const [reply] = new ReplyParser().push(Buffer.from(AWS_EXAMPLE));
    expect(parseClusterConfig(reply.values[0].data.toString())).toEqual({
      version: 12,
      nodes: [
        { hostname: 'myCluster.pc4ldq.0001.use1.cache.amazonaws.com', ip: '10.82.235.120', port: 11211 },
        { hostname: 'myCluster.pc4ldq.0002.use1.cache.amazonaws.com', ip: '10.80.249.27', port: 11211 },
      ],
    });
  });

  test('accepts a node without an IP (the pipes are still printed) and CRLF line ends', () => {
    expect(parseClusterConfig('3\r\nh1||11211 h2|10.0.0.2|11211\r\n').nodes).toEqual([
      { hostname: 'h1', ip: '', port: 11211 },
      { hostname: 'h2', ip: '10.0.0.2', port: 11211 },
    ]);
  });

  test('rejects malformed blocks with what is wrong', () => {
    expect(() => parseClusterConfig('12\n')).toThrow(/version line and a node line/);
    expect(() => parseClusterConfig('x\nh|1.2.3.4|11211\n')).toThrow(/version/);
    expect(() => parseClusterConfig('1\nh|1.2.3.4\n')).toThrow(/hostname\|ip\|port/);
    expect(() => parseClusterConfig('1\nh|1.2.3.4|70000\n')).toThrow(/hostname\|ip\|port/);
  });

  test('formatClusterConfig is the inverse', () => {
    const config = { version: 7, nodes: [{ hostname: 'localhost', ip: '127.0.0.1', port: 1234 }] };
    expect(parseClusterConfig(formatClusterConfig(config))).toEqual(config);
  });
});
