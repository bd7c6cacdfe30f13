#!/usr/bin/env python3
"""Check recorded HTTP exchanges against an OpenAPI 3.1 document.

Usage:
    python3 contract_check.py --spec deploy/openapi/clearance-v1.yaml \
        --exchanges FILE [FILE ...] [--skip-injected-responses] [--min-exchanges N]

Each exchanges file is NDJSON, one object per HTTP exchange:

    {"method": "POST", "target": "/v1/records:batch?x=y",
     "requestHeaders": {"Content-Encoding": "gzip", ...},
     "requestBodyBase64": "...", "status": 200,
     "responseHeaders": {...}, "responseBodyBase64": "..."}

Header names are case-insensitive. Any path prefix before the first `/v1/`
that matches a path template is ignored (a base path such as `/api`).
fault_proxy.py adds `"source": "upstream" | "proxy"`; with
--skip-injected-responses, exchanges answered by the proxy itself (injected
faults, 502s) have only their request checked.

Exit status: 0 every exchange conforms; 1 violations (one per line on
stdout); 2 usage error (bad arguments, unreadable files).
"""

from __future__ import annotations

import argparse
import base64
import binascii
import datetime
import gzip
import json
import re
import sys
import zlib
from typing import Any, Iterator
from urllib.parse import parse_qs, quote, unquote, urlsplit

try:
    import yaml
    import jsonschema
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012
    from openapi_spec_validator import OpenAPIV31SpecValidator
except ImportError as error:  # pragma: no cover - environment problem
    print(f"contract_check: missing Python package: {error}", file=sys.stderr)
    sys.exit(2)

SPEC_URI = "urn:laneagent:openapi-under-test"
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
NDJSON_TYPES = ("application/x-ndjson", "application/ndjson", "application/jsonl")
MAX_MESSAGE = 300


class UsageError(Exception):
    pass


# --------------------------------------------------------------------------- schema validation


_DATE_TIME = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$"
)


def _is_date_time(value: Any) -> bool:
    """RFC 3339 date-time (the `format: date-time` of JSON Schema)."""
    if not isinstance(value, str):
        return True
    if not _DATE_TIME.match(value):
        return False
    text = value.upper().replace("Z", "+00:00")
    # fromisoformat rejects leap seconds; accept :60 by checking the rest.
    if text[17:19] == "60":
        text = text[:17] + "59" + text[19:]
    try:
        datetime.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


def _format_checker() -> jsonschema.FormatChecker:
    checker = jsonschema.FormatChecker()
    checker.checks("date-time")(_is_date_time)
    return checker


def _content_schema(validator, content_schema, instance, schema):
    """Apply `contentSchema` when the sibling keywords say how to decode the string.

    Draft 2020-12 treats contentSchema as an annotation; for a contract check we
    want the decoded content validated, so base64 strings holding JSON are decoded
    and checked against it.
    """
    if not isinstance(instance, str):
        return
    text: str | bytes = instance
    if schema.get("contentEncoding") == "base64":
        try:
            text = base64.b64decode(instance, validate=True)
        except (binascii.Error, ValueError):
            yield jsonschema.ValidationError("is not valid base64, so its content cannot be checked")
            return
    media = str(schema.get("contentMediaType", "application/json")).lower()
    if not (media == "application/json" or media.endswith("+json")):
        return
    try:
        decoded = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        yield jsonschema.ValidationError(f"content is not JSON ({media}): {error}")
        return
    for error in validator.descend(decoded, content_schema):
        error.message = f"decoded content: {error.message}"
        yield error


ContractValidator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator, {"contentSchema": _content_schema}
)


def _pointer(parts: list[str]) -> str:
    escaped = [str(p).replace("~", "~0").replace("/", "~1") for p in parts]
    return "".join("/" + quote(p, safe="~:@!$&'()*+,;=-._") for p in escaped)


def _explain_alternatives(error: jsonschema.ValidationError) -> str:
    """Describe a failed oneOf/anyOf by the alternative the instance came closest to.

    Closest = no failed `const`/`enum` (the alternative's tag matches), then the
    fewest errors; this picks `Gap` for a gap body even without a discriminator.
    """
    branches: dict[int, list[jsonschema.ValidationError]] = {}
    for sub in error.context:
        if sub.relative_schema_path and isinstance(sub.relative_schema_path[0], int):
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    if not branches:
        return f"{error.json_path}: {_short(error.message)}"

    def rank(index: int) -> tuple[int, int]:
        tag_failed = any(e.validator in ("const", "enum") and len(e.relative_path) <= 1 for e in branches[index])
        return (1 if tag_failed else 0, len(branches[index]))

    index = min(branches, key=rank)
    alternatives = error.schema.get(error.validator) or []
    name = f"alternative {index + 1}"
    if index < len(alternatives) and isinstance(alternatives[index], dict) and "$ref" in alternatives[index]:
        name = alternatives[index]["$ref"].rsplit("/", 1)[-1]
    details = "; ".join(f"{e.json_path}: {_short(e.message)}" for e in branches[index])
    return f"{error.json_path}: matches none of the {error.validator} alternatives; as {name}: {details}"


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 3] + "..."


class Spec:
    def __init__(self, document: dict):
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry = Registry().with_resource(SPEC_URI, resource)
        self.format_checker = _format_checker()
        self._validators: dict[tuple[str, ...], Any] = {}
        self.operations = self._collect_operations()

    # -- lookups

    def resolve(self, node: Any) -> Any:
        """Follow local `$ref`s of OpenAPI objects (parameters, responses, headers)."""
        return self._at(self.locate(node, [])) if isinstance(node, dict) and "$ref" in node else node

    def locate(self, node: Any, location: list[str]) -> list[str]:
        """Where a (possibly `$ref`) OpenAPI object really lives, as document path parts."""
        for _ in range(32):
            if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
                return location
            if not node["$ref"].startswith("#/"):
                raise ValueError(f"only local $refs are supported, not {node['$ref']!r}")
            location = [unquote(p).replace("~1", "/").replace("~0", "~") for p in node["$ref"][2:].split("/")]
            node = self._at(location)
        raise ValueError("$ref chain too deep")

    def _at(self, location: list[str]) -> Any:
        target: Any = self.document
        for part in location:
            target = target[part] if isinstance(target, dict) else target[int(part)]
        return target

    def schema_errors(self, instance: Any, location: list[str]) -> list[str]:
        """Validate `instance` against the schema at `location` (path inside the document)."""
        key = tuple(location)
        validator = self._validators.get(key)
        if validator is None:
            wrapper = {"$ref": f"{SPEC_URI}#{_pointer(location)}"}
            validator = ContractValidator(wrapper, registry=self.registry, format_checker=self.format_checker)
            self._validators[key] = validator
        problems = []
        for error in sorted(validator.iter_errors(instance), key=lambda e: [str(p) for p in e.path]):
            if error.context and error.validator in ("oneOf", "anyOf"):
                problems.append(_explain_alternatives(error))
            else:
                problems.append(f"{error.json_path}: {_short(error.message)}")
        return problems

    # -- operations

    def _collect_operations(self) -> list[tuple[re.Pattern, str, dict, list[str]]]:
        found = []
        for template, item in (self.document.get("paths") or {}).items():
            item = self.resolve(item)
            names: list[str] = []
            pattern = ""
            for piece in re.split(r"(\{[^}/]+\})", template):
                if piece.startswith("{"):
                    pattern += f"(?P<p{len(names)}>[^/]+)"
                    names.append(piece[1:-1])
                else:
                    pattern += re.escape(piece)
            found.append((re.compile(f"^{pattern}$"), template, item, names))
        # Templates with fewer variables win ties (`/a/b` over `/a/{x}`).
        found.sort(key=lambda entry: (len(entry[3]), -len(entry[1])))
        return found

    def match(self, path: str) -> tuple[str, dict, dict] | None:
        starts = [m.start() for m in re.finditer("/v1/", path)] or [0]
        for start in starts + ([0] if 0 not in starts else []):
            suffix = path[start:]
            for regex, template, item, names in self.operations:
                hit = regex.match(suffix)
                if hit:
                    values = {name: unquote(hit.group(f"p{i}")) for i, name in enumerate(names)}
                    return template, item, values
        return None


# --------------------------------------------------------------------------- HTTP helpers


def _headers(raw: Any) -> dict[str, str]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError("headers must be a JSON object")
    result: dict[str, str] = {}
    for name, value in raw.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        key = str(name).lower()
        result[key] = f"{result[key]}, {value}" if key in result else str(value)
    return result


def _media_type(value: str | None) -> str | None:
    if value is None:
        return None
    return value.split(";", 1)[0].strip().lower() or None


def _media_matches(actual: str, declared: str) -> bool:
    declared = declared.split(";", 1)[0].strip().lower()
    if declared in ("*/*", actual):
        return True
    if declared.endswith("/*"):
        return actual.split("/", 1)[0] == declared[:-2]
    return False


def _decode_body(raw: bytes, encoding: str | None) -> tuple[bytes | None, str | None]:
    codings = [c.strip().lower() for c in (encoding or "").split(",") if c.strip()]
    data = raw
    for coding in reversed(codings):
        try:
            if coding in ("gzip", "x-gzip"):
                data = gzip.decompress(data)
            elif coding == "deflate":
                data = zlib.decompress(data)
            elif coding != "identity":
                return None, f"cannot decode Content-Encoding {coding!r}"
        except (OSError, EOFError, zlib.error) as error:
            return None, f"body is not valid {coding}: {error}"
    return data, None


def _coerce(value: str, schema: dict) -> Any:
    kinds = schema.get("type")
    kinds = [kinds] if isinstance(kinds, str) else (kinds or [])
    if "integer" in kinds and re.fullmatch(r"[+-]?\d+", value.strip()):
        return int(value)
    if "number" in kinds:
        try:
            return float(value) if not re.fullmatch(r"[+-]?\d+", value.strip()) else int(value)
        except ValueError:
            pass
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


# --------------------------------------------------------------------------- checking


class Checker:
    def __init__(self, spec: Spec, skip_injected_responses: bool):
        self.spec = spec
        self.skip_injected_responses = skip_injected_responses

    def check(self, exchange: Any) -> list[str]:
        if not isinstance(exchange, dict):
            return ["exchange is not a JSON object"]
        problems: list[str] = []
        method = exchange.get("method")
        target = exchange.get("target")
        status = exchange.get("status")
        if not isinstance(method, str) or not method:
            return ["exchange has no \"method\""]
        if not isinstance(target, str) or not target.startswith("/"):
            return ["exchange has no \"target\" (origin-form path and query)"]
        if isinstance(status, bool) or not isinstance(status, int):
            return ["exchange has no integer \"status\""]
        try:
            request_headers = _headers(exchange.get("requestHeaders"))
            response_headers = _headers(exchange.get("responseHeaders"))
            request_body = base64.b64decode(exchange.get("requestBodyBase64") or "", validate=True)
            response_body = base64.b64decode(exchange.get("responseBodyBase64") or "", validate=True)
        except (ValueError, binascii.Error) as error:
            return [f"exchange is malformed: {error}"]

        split = urlsplit(target)
        found = self.spec.match(split.path)
        if found is None:
            return [f"no path in the spec matches {split.path!r}"]
        template, item, path_values = found
        operation = item.get(method.lower())
        if method.lower() not in HTTP_METHODS or not isinstance(operation, dict):
            declared = sorted(m.upper() for m in HTTP_METHODS if m in item)
            return [f"method {method} is not declared for {template} (declared: {', '.join(declared)})"]
        base = ["paths", template, method.lower()]

        request_problems = self._check_parameters(item, operation, base, path_values, split.query, request_headers)
        request_problems += self._check_request_body(operation, base, request_headers, request_body)
        if request_headers.get("x-contract-test") == "bad-request":
            # A request broken on purpose to test the server: it must not conform, and the
            # server must answer it with a declared 4xx reply (checked below).
            if not request_problems:
                problems.append("request is marked X-Contract-Test: bad-request but conforms to the spec")
            if not 400 <= status < 500:
                problems.append(f"a malformed request was answered {status}, not a 4xx")
        else:
            problems += request_problems
        if exchange.get("source") == "proxy" and self.skip_injected_responses:
            return problems
        problems += self._check_response(operation, base, status, response_headers, response_body)
        return problems

    # -- request

    def _check_parameters(self, item, operation, base, path_values, query, headers) -> list[str]:
        problems = []
        declared: dict[tuple[str, str], tuple[dict, list[str]]] = {}
        for owner, location in ((item, base[:2]), (operation, base)):
            for index, parameter in enumerate(owner.get("parameters") or []):
                ref_location = location + ["parameters", str(index)]
                ref_location = self.spec.locate(parameter, ref_location)
                resolved = self.spec.resolve(parameter)
                key = (str(resolved.get("in")), str(resolved.get("name")))
                if key[0] == "header":
                    key = (key[0], key[1].lower())
                declared[key] = (resolved, ref_location)
        query_values = parse_qs(query, keep_blank_values=True)
        for (place, name), (parameter, location) in declared.items():
            display = parameter.get("name")
            if place == "path":
                raw = path_values.get(parameter.get("name"))
            elif place == "query":
                values = query_values.get(name)
                raw = values[0] if values else None
                if values and len(values) > 1 and (self.spec.resolve(parameter.get("schema") or {}).get("type") != "array"):
                    problems.append(f"query parameter {display!r} given {len(values)} times")
            elif place == "header":
                raw = headers.get(name)
            else:  # cookie parameters are not used by this contract
                continue
            if raw is None:
                if parameter.get("required") or place == "path":
                    problems.append(f"missing required {place} parameter {display!r}")
                continue
            if "schema" not in parameter:
                continue
            schema = self.spec.resolve(parameter["schema"])
            value = _coerce(raw, schema) if isinstance(schema, dict) else raw
            for problem in self.spec.schema_errors(value, location + ["schema"]):
                problems.append(f"{place} parameter {display!r} = {_short(repr(raw))}: {problem}")
        return problems

    def _check_request_body(self, operation, base, headers, body: bytes) -> list[str]:
        request_body = operation.get("requestBody")
        if request_body is None:
            if body:
                return [f"request has a {len(body)}-byte body but the operation declares no requestBody"]
            return []
        location = base + ["requestBody"]
        location = self.spec.locate(request_body, location)
        request_body = self.spec.resolve(request_body)
        if not body:
            return ["request body is required but empty"] if request_body.get("required") else []
        return self._check_content(
            "request", request_body.get("content") or {}, location + ["content"], headers, body
        )

    # -- response

    def _check_response(self, operation, base, status, headers, body: bytes) -> list[str]:
        responses = operation.get("responses") or {}
        key = None
        for candidate in (str(status), f"{str(status)[0]}XX", f"{str(status)[0]}xx", "default"):
            if candidate in responses:
                key = candidate
                break
        if key is None:
            return [f"response status {status} is not declared (declared: {', '.join(sorted(responses))})"]
        location = base + ["responses", key]
        response = responses[key]
        location = self.spec.locate(response, location)
        response = self.spec.resolve(response)
        problems = []
        for name, header in (response.get("headers") or {}).items():
            if name.lower() == "content-type":
                continue
            header_location = location + ["headers", name]
            header_location = self.spec.locate(header, header_location)
            header = self.spec.resolve(header)
            value = headers.get(name.lower())
            if value is None:
                if header.get("required"):
                    problems.append(f"response {status}: missing required header {name!r}")
                continue
            if "schema" in header:
                schema = self.spec.resolve(header["schema"])
                coerced = _coerce(value, schema) if isinstance(schema, dict) else value
                for problem in self.spec.schema_errors(coerced, header_location + ["schema"]):
                    problems.append(f"response {status}: header {name!r} = {_short(repr(value))}: {problem}")
        content = response.get("content") or {}
        if not content:
            if body:
                problems.append(f"response {status}: has a {len(body)}-byte body but the spec declares no content")
            return problems
        if not body and headers.get("content-type") is None:
            if not any(_media_type(m) in NDJSON_TYPES for m in content):
                problems.append(
                    f"response {status}: empty body without Content-Type, but the spec declares {', '.join(content)}"
                )
            return problems
        problems += self._check_content(f"response {status}", content, location + ["content"], headers, body)
        return problems

    # -- bodies

    def _check_content(self, what, content: dict, location, headers, body: bytes) -> list[str]:
        actual = _media_type(headers.get("content-type"))
        if actual is None:
            return [f"{what}: no Content-Type (declared: {', '.join(content)})"]
        chosen = None
        for declared in sorted(content, key=lambda m: m.count("*")):
            if _media_matches(actual, declared):
                chosen = declared
                break
        if chosen is None:
            return [f"{what}: Content-Type {actual!r} is not declared (declared: {', '.join(content)})"]
        decoded, problem = _decode_body(body, headers.get("content-encoding"))
        if decoded is None:
            return [f"{what}: {problem}"]
        if decoded[:2] == b"\x1f\x8b":
            return [f"{what}: body is gzip-compressed but Content-Encoding does not say gzip"]
        media = content[chosen] or {}
        media_location = location + [chosen]
        media_name = _media_type(chosen) or ""
        problems = []
        if media_name in NDJSON_TYPES or media_name.endswith("+ndjson"):
            if "x-ndjson-item" not in media:
                return []
            try:
                text = decoded.decode("utf-8")
            except UnicodeDecodeError as error:
                return [f"{what}: NDJSON body is not UTF-8: {error}"]
            for number, line in enumerate(text.split("\n"), start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                except ValueError as error:
                    problems.append(f"{what}: NDJSON line {number} is not JSON: {error}")
                    continue
                for issue in self.spec.schema_errors(item, media_location + ["x-ndjson-item"]):
                    problems.append(f"{what}: NDJSON line {number}: {issue}")
        elif media_name == "application/json" or media_name.endswith("+json"):
            try:
                document = json.loads(decoded.decode("utf-8"))
            except (ValueError, UnicodeDecodeError) as error:
                return [f"{what}: body is not JSON: {_short(str(error))}"]
            if "schema" in media:
                for issue in self.spec.schema_errors(document, media_location + ["schema"]):
                    problems.append(f"{what}: body {issue}")
        return problems


# --------------------------------------------------------------------------- driver


def _dangling_refs(node: Any, document: dict, where: str = "") -> Iterator[str]:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str):
            if not ref.startswith("#"):
                yield f"{where or '(root)'}: external $ref {ref!r} is not supported"
            else:
                target: Any = document
                try:
                    for part in [p for p in ref[1:].split("/") if p != ""]:
                        part = unquote(part).replace("~1", "/").replace("~0", "~")
                        target = target[part] if isinstance(target, dict) else target[int(part)]
                except (KeyError, IndexError, ValueError, TypeError):
                    yield f"{where or '(root)'}: $ref {ref!r} points nowhere"
        for key, value in node.items():
            yield from _dangling_refs(value, document, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _dangling_refs(value, document, f"{where}/{index}")


def _spec_problems(document: dict) -> list[str]:
    """Problems with the OpenAPI document itself: dangling refs, then openapi-spec-validator (3.1)."""
    problems = list(_dangling_refs(document, document))
    if problems:
        return problems  # the validator stops at the first dangling ref; report them all instead
    if not str(document.get("openapi", "")).startswith("3.1."):
        return [f"openapi is {document.get('openapi')!r}, expected 3.1.x"]
    try:
        for error in OpenAPIV31SpecValidator(document).iter_errors():
            where = "/".join(str(p) for p in getattr(error, "absolute_path", []) or [])
            problems.append(f"{where or '(root)'}: {_short(error.message)}")
    except Exception as error:  # the validator raises on some broken documents
        problems.append(f"openapi-spec-validator failed: {type(error).__name__}: {_short(str(error))}")
    return problems


def _load_spec(path: str) -> dict:
    try:
        with open(path, "r", encoding="utf-8") as handle:
            document = yaml.safe_load(handle)
    except OSError as error:
        raise UsageError(f"cannot read spec {path}: {error}") from error
    except yaml.YAMLError as error:
        raise UsageError(f"spec {path} is not YAML: {error}") from error
    if not isinstance(document, dict):
        raise UsageError(f"spec {path} is not a YAML mapping")
    return document


def _exchanges(paths: list[str]) -> Iterator[tuple[str, int, Any]]:
    for path in paths:
        try:
            handle = open(path, "r", encoding="utf-8")
        except OSError as error:
            raise UsageError(f"cannot read exchanges {path}: {error}") from error
        with handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield path, number, json.loads(line)
                except ValueError as error:
                    yield path, number, ValueError(f"line is not JSON: {error}")


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        description="Validate recorded HTTP exchanges against an OpenAPI 3.1 document."
    )
    parser.add_argument("--spec", required=True, help="OpenAPI 3.1 YAML or JSON document")
    parser.add_argument("--exchanges", required=True, nargs="+", metavar="FILE", help="NDJSON exchange files")
    parser.add_argument(
        "--skip-injected-responses", action="store_true",
        help='for exchanges with "source": "proxy" (answered by fault_proxy), check only the request',
    )
    parser.add_argument(
        "--min-exchanges", type=int, default=0, metavar="N",
        help="treat fewer than N exchanges as a violation (guards against empty recordings)",
    )
    args = parser.parse_args(argv)

    try:
        document = _load_spec(args.spec)
        violations = [f"spec {args.spec}: {problem}" for problem in _spec_problems(document)]
        if violations:
            print("\n".join(violations))
            print(f"{len(violations)} violation(s): the spec itself is not valid OpenAPI 3.1")
            return 1

        spec = Spec(document)
        checker = Checker(spec, args.skip_injected_responses)
        count = 0
        failing = 0
        for path, number, exchange in _exchanges(args.exchanges):
            count += 1
            if isinstance(exchange, ValueError):
                problems, method, target = [str(exchange)], "?", "?"
            else:
                method = exchange.get("method", "?") if isinstance(exchange, dict) else "?"
                target = exchange.get("target", "?") if isinstance(exchange, dict) else "?"
                try:
                    problems = checker.check(exchange)
                except Exception as error:  # a checker bug must not hide the rest
                    problems = [f"internal error while checking: {type(error).__name__}: {error}"]
            if problems:
                failing += 1
            path_only = (urlsplit(target).path or "?") if isinstance(target, str) else "?"
            for problem in problems:
                violations.append(f"exchange {count} ({path}:{number}) {method} {path_only}: {problem}")
    except UsageError as error:
        print(f"contract_check: {error}", file=sys.stderr)
        return 2

    if count < args.min_exchanges:
        violations.append(f"only {count} exchange(s), expected at least {args.min_exchanges}")
    if violations:
        print("\n".join(violations))
        print(f"{len(violations)} violation(s) in {failing} of {count} exchanges against {args.spec}")
        return 1
    print(f"{count} exchanges conform to {args.spec}")
    return 0


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
