// Zoho CRM API error answers: {"code":…,"details":{…},"message":…,"status":"error"}, with the HTTP status.
// Codes, details and messages are copied from Zoho's own documentation: zoho.md "CRM API" (401 bodies) and
// Zoho's OpenAPI description of CRM v8, github.com/zoho/crm-oas v8.0/record/operations/getRecords (operation.md
// and examples/response-4xx-*.md). Where the docs give no message, the message is marked NV.

export const crmError = (status, code, message, details = {}) => ({ status, body: { code, details, message,
  status: 'error' } });

// 401s (zoho.md "CRM API": 401 errors; OAUTH_SCOPE_MISMATCH body: crm-oas getRecords/response-401-scopemismatch).
export const INVALID_TOKEN = crmError(401, 'INVALID_TOKEN', 'invalid oauth token');
export const SCOPE_MISMATCH = crmError(401, 'OAUTH_SCOPE_MISMATCH', 'Unauthorized');

// 404 / 405 (crm-oas: RecordInvalidURLResponse; request method: NV message).
export const BAD_URL = crmError(404, 'INVALID_URL_PATTERN', 'Please check if the URL trying to access is a correct one');
export const BAD_METHOD = crmError(405, 'INVALID_REQUEST_METHOD', 'The http request method type is not a valid one');

/** crm-oas getRecords/response-400-invaliddata: details.resource_path_index is the module's place in the path. */
export const invalidModule = () => crmError(400, 'INVALID_MODULE', 'the module name given seems to be invalid',
  { resource_path_index: 0 });

/** crm-oas getRecords/response-400-requiredparammissing. */
export const requiredParamMissing = (param) => crmError(400, 'REQUIRED_PARAM_MISSING', 'required param is missing',
  { param_name: param });

/** crm-oas getRecords/response-400-limitexceeded: more than 50 fields. */
export const limitExceeded = (param, limit) => crmError(400, 'LIMIT_EXCEEDED', 'limit exceeded',
  { limit, param_name: param });

/** crm-oas getRecords InvalidDataGETError / InvalidDataSortByError (message NV). */
export const invalidData = (param, extra = {}) => crmError(400, 'INVALID_DATA', 'invalid data',
  { param_name: param, ...extra });

/** crm-oas getRecords/response-400-discretepaginationlimitexceeded: `page` past the first 2,000 records. */
export const discretePaginationLimit = (limit) => crmError(400, 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
  'You can only get the first 2000 records without using page_token param', { limit });

/** crm-oas getRecords/response-400-paginationlimitexceeded: page_token past 100,000 records. */
export const paginationLimit = () => crmError(400, 'PAGINATION_LIMIT_EXCEEDED',
  'You can only get upto 100000 records using page_token param', { param_name: 'page_token' });

/** crm-oas getRecords/response-400-expiredvalue: a page token older than 24 h. */
export const expiredPageToken = () => crmError(400, 'EXPIRED_VALUE', 'Page token expired',
  { api_name: 'page_token', json_path: '$.query.page_token' });

/** crm-oas getRecords/response-400-tokenbounddatamismatch: unknown token, or other parameters than its own. */
export const tokenBoundMismatch = () => crmError(400, 'TOKEN_BOUND_DATA_MISMATCH',
  'The page_token given seems to be invalid or input param is added or altered or deleted',
  { param_name: 'page_token' });

/** crm-oas getRecords AmbiguityDuringProcessingGETError: `page` and `page_token` together (message NV). */
export const ambiguity = (...params) => crmError(400, 'AMBIGUITY_DURING_PROCESSING',
  'ambiguity while processing the request', { ambiguity_due_to: params.map((p) => ({ param_name: p })) });

// 429: the org has `cap` calls in flight. Code and HTTP status: Zoho's status-codes page ("429 TOO MANY REQUESTS:
// Number of API requests for the 24 hour period is exceeded or the concurrency limit of the user for the app is
// exceeded"), in Zoho's usual error envelope. Zoho documents no JSON example for it: the message is NV.
export const TOO_MANY_REQUESTS = crmError(429, 'TOO_MANY_REQUESTS',
  'the concurrency limit of the user for the app is exceeded');

// Writes (crm-oas v8.0/record/operations/{createRecords,updateRecords,updateRecord,deleteRecords,deleteRecord}).
/** deleteRecords/response-400-missingparam: DELETE /{module} without `ids`. */
export const deleteIdsMissing = () => crmError(400, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing',
  { param_name: 'ids' });
/** deleteRecord/response-400-invalidrecordid, copied as documented (resource_path_index 0). */
export const invalidRecordId = () => crmError(400, 'INVALID_DATA', 'invalid record id', { resource_path_index: 0 });
/** updateRecord/response-400-limitexceedederror: more than 100 records in one request. */
export const recordsLimitExceeded = (limit) => ({ status: 400, body: { data: [{ code: 'LIMIT_EXCEEDED',
  details: { maximum_length: limit, api_name: 'data' }, message: 'count of records in your request exceeds the limit',
  status: 'error' }] } });
/** A body that is not JSON, or has no `data` array (NV: message and details). */
export const badWriteBody = () => crmError(400, 'INVALID_DATA', 'invalid data', { api_name: 'data', json_path: '$.data' });

// COQL (crm-oas v8.0/coql/operations/executeCOQLQuery/examples, and coql.json Query_Exception).
/** response-400-syntaxerrorquerynotsupported: everything the fake's small parser does not take. */
export const COQL_NOT_SUPPORTED = crmError(400, 'SYNTAX_ERROR', 'given coql query not supported');
/** response-400-invalidmodule. */
export const COQL_INVALID_MODULE = crmError(400, 'INVALID_MODULE', 'the given module is not supported in api');
/** coql.json Query_Exception message "column given seems to be invalid", details.column_name. */
export const coqlInvalidColumn = (column) => crmError(400, 'INVALID_QUERY', 'column given seems to be invalid',
  { column_name: column });
/** response-400-invalidqueryinvalidlimit: details.limit is the limit as given. */
export const coqlInvalidLimit = (limit) => crmError(400, 'INVALID_QUERY', 'limit given seems to be invalid',
  { limit: String(limit) });
