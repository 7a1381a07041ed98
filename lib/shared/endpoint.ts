import { Token } from 'aws-cdk-lib';

/** A host and port clients connect to. */
export class CacheEndpoint {
  /** `address:port`, ready for a connection string. */
  public readonly socketAddress: string;

  constructor(
    /** The DNS name of the endpoint. */
    public readonly address: string,
    /** The port. */
    public readonly port: number,
  ) {
    this.socketAddress = `${address}:${Token.isUnresolved(port) ? Token.asString(port) : port}`;
  }
}
