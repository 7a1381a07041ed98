/**
 * The slice of the Lambda Function URL (payload format 2.0) event and result this handler uses.
 * Declared here rather than taken from @types/aws-lambda, which the project does not depend on.
 */
export interface FunctionUrlEvent {
  readonly rawPath: string;
  readonly queryStringParameters?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: {
    readonly http: { readonly method: string; readonly sourceIp: string };
    /** Present when the Function URL uses AWS_IAM auth. */
    readonly authorizer?: { readonly iam?: { readonly userArn?: string } };
  };
}

export interface FunctionUrlResult {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): FunctionUrlResult {
  return { statusCode, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** A 4xx answer whose body says what was wrong. */
export function clientError(statusCode: 400 | 404, error: string): FunctionUrlResult {
  return json(statusCode, { error });
}

/** The request body as text; Function URLs base64-encode bodies they do not recognise as text. */
export function bodyText(event: FunctionUrlEvent): string {
  const body = event.body ?? '';
  return event.isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
