//! What every generated request type is: an [`Action`] with a name, a path, its query
//! parameters and the response it decodes to. The transport (signing, sending) builds on this.

use crate::decode::{self, DecodeError, Format};
use crate::request::QueryWriter;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Server {
    /// The site.
    pub site: Site,
    /// Scheme and host, without a trailing slash (`https://ncloud.apigw.ntruss.com`).
    pub origin: &'static str,
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
    /// The root element of the XML response.
    const XML_ROOT: &'static str;
    /// The key of the JSON response's envelope.
    const JSON_ENVELOPE: &'static str;
    /// The decoded response.
    type Response;

    /// Append this request's parameters, in the spec's order, percent-encoded.
    fn write_query(&self, query: &mut QueryWriter);

    /// The region this request sets, if the action takes one and it was set.
    fn region(&self) -> Option<&str> {
        None
    }

    /// The query string asking for `format`: the parameters, then the format parameter.
    fn query_string(&self, format: Format) -> String {
        query_string(self, format, None)
    }

    /// The request target, path and query, exactly as it is signed and sent (by a client
    /// without a default region; [`Client::request_target`](crate::Client::request_target)
    /// adds its own).
    fn request_target(&self, format: Format) -> String {
        request_target(self, format, None)
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
/// parameter, if the action has one.
pub(crate) fn query_string<A: Action + ?Sized>(request: &A, format: Format, default_region: Option<&str>) -> String {
    let mut query = QueryWriter::new();
    request.write_query(&mut query);
    if let (Some(param), None, Some(region)) = (A::REGION_PARAM, request.region(), default_region) {
        query.push(param, region);
    }
    if let Some(param) = A::RESPONSE_FORMAT_PARAM {
        query.push(param, format.as_str());
    }
    query.finish()
}

/// The request target of `request`, path and query ([`query_string`]), exactly as it is signed
/// and sent: the one place a target is built, for [`Action::request_target`] and the client.
pub(crate) fn request_target<A: Action + ?Sized>(request: &A, format: Format, default_region: Option<&str>) -> String {
    let query = query_string(request, format, default_region);
    if query.is_empty() {
        A::PATH.to_owned()
    } else {
        format!("{}?{query}", A::PATH)
    }
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
            request_target(&unset, Format::Json, Some("KR")),
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
            request_target(&set, Format::Xml, Some("KR")),
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
        assert_eq!(request_target(&Bare, Format::Json, Some("KR")), "/bare/v1/getBare");
        assert_eq!(Bare.request_target(Format::Xml), "/bare/v1/getBare");
        assert_eq!(Bare.query_string(Format::Json), "");
    }
}
