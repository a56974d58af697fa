//! What every generated request type is: an [`Action`] with a name, a method, a path, its
//! parameters (query, path, header, JSON body) and the response it decodes to. The client
//! (signing, sending) builds on this.
//!
//! Two styles of action exist ([`Style`]). NCP's classic APIs are *RPC*: `GET` with every
//! parameter in the query, the response in XML or JSON inside an envelope named after the
//! action. Newer APIs are *REST*: any [`Method`], parameters in the path, query and headers, a
//! JSON body, and bare JSON responses under a base path that may depend on the region
//! ([`Server::region_paths`]). Every REST item of the trait has a default that describes an RPC
//! action, so RPC implementations name none of them.

use crate::decode::{self, DecodeError, Format};
use crate::request::{HeaderWriter, PathWriter, QueryWriter};

/// An HTTP method an action is sent with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`: every RPC action, and REST reads.
    Get,
    /// `POST`.
    Post,
    /// `PUT`.
    Put,
    /// `PATCH`.
    Patch,
    /// `DELETE`.
    Delete,
}

impl Method {
    /// The method as sent and signed: `"GET"`, `"POST"`, `"PUT"`, `"PATCH"` or `"DELETE"`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an action's API is shaped: what the client asks for, and how it reads answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// NCP's classic APIs: `GET`, query parameters, the response format chosen by a parameter,
    /// responses and errors in envelopes (`{"<action>Response": …}`, `responseError`).
    Rpc,
    /// REST APIs: bare JSON responses (or none, or bytes), never XML; error bodies
    /// `{"error": {"errorCode": …}}` ([`Error::RestService`](crate::Error::RestService)).
    Rest,
}

/// An NCP site: each has its own API Gateway host.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Site {
    /// The public site (`ncloud.apigw.ntruss.com`).
    Public,
    /// The government site (`ncloud.apigw.gov-ntruss.com`).
    Gov,
    /// The financial site (`fin-ncloud.apigw.fin-ntruss.com`).
    Fin,
}

impl Site {
    /// The site's name in NCP's conventions (`NCLOUD_SITE`): `public`, `gov` or `fin`.
    pub const fn as_str(&self) -> &'static str {
        match self {
            Site::Public => "public",
            Site::Gov => "gov",
            Site::Fin => "fin",
        }
    }
}

impl std::fmt::Display for Site {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where an API is served at one site.
///
/// For a REST action (whose [`Action::BASE_PATH`] is not empty) the client puts a base path
/// before the path the action writes: the one [`region_paths`](Self::region_paths) gives for
/// the client's region if the list is not empty, else [`base_path`](Self::base_path). RPC
/// actions write their whole path and ignore both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Server {
    /// The site.
    pub site: Site,
    /// Scheme and host, without a trailing slash (`https://ncloud.apigw.ntruss.com`).
    pub origin: &'static str,
    /// The API's base path at this site (`/vnks/v2`); `""` when the actions write their whole
    /// path (RPC), or to use the action's own [`Action::BASE_PATH`].
    pub base_path: &'static str,
    /// The base path for each region, for APIs that put the region in the path: region code
    /// (compared without regard to case) and base path, such as `("SGN", "/vnks/sgn-v2")`.
    /// Empty for APIs without.
    pub region_paths: &'static [(&'static str, &'static str)],
}

/// An API action with validated parameters, ready to be encoded and sent.
///
/// Generated request types implement it; a value of such a type has passed every check of its
/// parameters, so anything that sends an `Action` sends only validated requests.
pub trait Action {
    /// The action's name (`createBlockStorageSnapshotInstance`).
    const NAME: &'static str;
    /// The full path (`/vserver/v2/createBlockStorageSnapshotInstance`).
    const PATH: &'static str;
    /// The parameter that selects the response format (`responseFormatType`), if the action
    /// has one.
    const RESPONSE_FORMAT_PARAM: Option<&'static str>;
    /// Where the action's API is served, per site.
    const SERVERS: &'static [Server];
    /// The region parameter (`regionCode`), if the action takes one.
    const REGION_PARAM: Option<&'static str> = None;
    /// The root element of the XML response (RPC; `""` for REST actions).
    const XML_ROOT: &'static str = "";
    /// The key of the JSON response's envelope (RPC; `""` for REST actions).
    const JSON_ENVELOPE: &'static str = "";
    /// The HTTP method (default `GET`).
    const METHOD: Method = Method::Get;
    /// The action's style (default [`Style::Rpc`]).
    const STYLE: Style = Style::Rpc;
    /// The API's default base path (`/vnks/v2`), which the client replaces by the one of its
    /// site and region ([`Server`]); `""` for actions whose [`PATH`](Self::PATH) is written
    /// whole (RPC).
    const BASE_PATH: &'static str = "";
    /// Whether the action needs the API key (`x-ncp-apigw-api-key`): the client refuses to send
    /// it without one.
    const API_KEY: bool = false;
    /// The `Accept` header to send, if any (REST: `application/json` or
    /// `application/octet-stream`).
    const ACCEPT: Option<&'static str> = None;
    /// The decoded response.
    type Response;

    /// Append this request's query parameters, in the spec's order, percent-encoded.
    fn write_query(&self, query: &mut QueryWriter);

    /// Write the path below the base path, path parameters percent-encoded as one segment each.
    /// The default writes [`PATH`](Self::PATH) without its [`BASE_PATH`](Self::BASE_PATH): the
    /// whole path, for RPC actions.
    fn write_path(&self, path: &mut PathWriter) {
        path.literal(Self::PATH.strip_prefix(Self::BASE_PATH).unwrap_or(Self::PATH));
    }

    /// Add this request's header parameters. The default adds none.
    fn write_headers(&self, headers: &mut HeaderWriter) {
        let _ = headers;
    }

    /// The JSON body, serialized once: exactly the bytes sent (never signed: NCP signs the
    /// method and target only). The default has none.
    fn body(&self) -> Option<Vec<u8>> {
        None
    }

    /// The region this request sets, if the action takes one and it was set.
    fn region(&self) -> Option<&str> {
        None
    }

    /// The query string asking for `format`: the parameters, then the format parameter (RPC).
    fn query_string(&self, format: Format) -> String {
        query_string(self, format, None)
    }

    /// The request target, path and query, exactly as it is signed and sent (by a client
    /// without a default region, and under the default [`BASE_PATH`](Self::BASE_PATH);
    /// [`Client::request_target`](crate::Client::request_target) adds the client's own).
    fn request_target(&self, format: Format) -> String {
        request_target(self, format, None, Self::BASE_PATH)
    }

    /// Decode a response body of this action in `format`.
    fn decode_response(body: &[u8], format: Format) -> Result<Self::Response, DecodeError>
    where
        Self::Response: serde::de::DeserializeOwned,
    {
        match format {
            Format::Xml => decode::from_slice(body, format, Self::XML_ROOT),
            Format::Json => decode::from_slice(body, format, Self::JSON_ENVELOPE),
        }
    }
}

/// The query string of `request` asking for `format`: its parameters in the spec's order; then
/// `default_region`, if the action takes a region and the request sets none; then the format
/// parameter, if the action has one and is RPC (a REST action always answers JSON).
pub(crate) fn query_string<A: Action + ?Sized>(request: &A, format: Format, default_region: Option<&str>) -> String {
    let mut query = QueryWriter::new();
    request.write_query(&mut query);
    if let (Some(param), None, Some(region)) = (A::REGION_PARAM, request.region(), default_region) {
        query.push(param, region);
    }
    if let (Some(param), Style::Rpc) = (A::RESPONSE_FORMAT_PARAM, A::STYLE) {
        query.push(param, format.as_str());
    }
    query.finish()
}

/// The request target of `request`: `base`, the path it writes, and `?` and the query
/// ([`query_string`]) if there is one, exactly as it is signed and sent. The one place a target
/// is built, for [`Action::request_target`] and the client.
pub(crate) fn request_target<A: Action + ?Sized>(
    request: &A,
    format: Format,
    default_region: Option<&str>,
    base: &str,
) -> String {
    let mut path = PathWriter::new();
    path.literal(base);
    request.write_path(&mut path);
    let mut target = path.finish();
    let query = query_string(request, format, default_region);
    if !query.is_empty() {
        target.push('?');
        target.push_str(&query);
    }
    target
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An action that takes a region and a response format.
    struct Regional {
        name: &'static str,
        region: Option<&'static str>,
    }

    impl Action for Regional {
        const NAME: &'static str = "getThings";
        const PATH: &'static str = "/vserver/v2/getThings";
        const RESPONSE_FORMAT_PARAM: Option<&'static str> = Some("responseFormatType");
        const SERVERS: &'static [Server] = &[];
        const REGION_PARAM: Option<&'static str> = Some("regionCode");
        const XML_ROOT: &'static str = "getThingsResponse";
        const JSON_ENVELOPE: &'static str = "getThingsResponse";
        type Response = ();

        fn write_query(&self, query: &mut QueryWriter) {
            query.push("name", self.name);
            query.push_opt("regionCode", self.region);
        }

        fn region(&self) -> Option<&str> {
            self.region
        }
    }

    /// An action without parameters, region or format parameter (an XML-only API).
    struct Bare;

    impl Action for Bare {
        const NAME: &'static str = "getBare";
        const PATH: &'static str = "/bare/v1/getBare";
        const RESPONSE_FORMAT_PARAM: Option<&'static str> = None;
        const SERVERS: &'static [Server] = &[];
        const XML_ROOT: &'static str = "getBareResponse";
        const JSON_ENVELOPE: &'static str = "getBareResponse";
        type Response = ();

        fn write_query(&self, _: &mut QueryWriter) {}
    }

    #[test]
    fn a_target_is_the_path_the_parameters_a_default_region_when_none_is_set_then_the_format() {
        let unset = Regional {
            name: "a b",
            region: None,
        };
        assert_eq!(
            request_target(&unset, Format::Json, Some("KR"), ""),
            "/vserver/v2/getThings?name=a%20b&regionCode=KR&responseFormatType=json"
        );
        assert_eq!(
            unset.request_target(Format::Xml),
            "/vserver/v2/getThings?name=a%20b&responseFormatType=xml",
            "Action::request_target adds no region"
        );
        let set = Regional {
            name: "x",
            region: Some("JPN"),
        };
        assert_eq!(
            request_target(&set, Format::Xml, Some("KR"), ""),
            "/vserver/v2/getThings?name=x&regionCode=JPN&responseFormatType=xml",
            "the request's own region wins, and is not sent twice"
        );
        assert_eq!(
            set.query_string(Format::Json),
            "name=x&regionCode=JPN&responseFormatType=json"
        );
    }

    #[test]
    fn an_action_without_region_or_format_parameter_gets_neither() {
        assert_eq!(request_target(&Bare, Format::Json, Some("KR"), ""), "/bare/v1/getBare");
        assert_eq!(Bare.request_target(Format::Xml), "/bare/v1/getBare");
        assert_eq!(Bare.query_string(Format::Json), "");
    }
}
