#!/usr/bin/env python3
"""Writes the Hikvision ANPR request fixtures (*.http) in the shape ISAPI cameras post them.

Built from the ISAPI layout (docs/protocols.md, "Hikvision ANPR"), independently of the Swift simulator, so the
tests check the driver against a second writer. Each file is the raw request: request line,
headers (CRLF), blank line, body exactly as the camera would send it. Expected readings are in
requests.jsonl, written by hand. Rerun after editing: python3 make_requests.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def jpeg(size, seed):
    """SOI, JFIF APP0, one comment segment of filler, EOI: exactly `size` bytes."""
    head = bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    filler_len = size - len(head) - 4 - 2
    filler = bytes((seed * 31 + i * 7) % 64 + 0x30 for i in range(filler_len))
    return head + bytes([0xFF, 0xFE, (filler_len + 2) >> 8, (filler_len + 2) & 0xFF]) + filler + bytes([0xFF, 0xD9])


def alert(plate, confidence="98", direction="forward", date_time="2024-05-14T09:31:05+08:00", event_type="ANPR",
          extra_anpr="", extra_root="", plate_element=None, prefix="", plate_color="blue"):
    p = prefix + ":" if prefix else ""
    ns = f'xmlns:{prefix}="http://www.hikvision.com/ver20/XMLSchema"' if prefix else 'xmlns="http://www.hikvision.com/ver20/XMLSchema"'
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             f'<{p}EventNotificationAlert version="2.0" {ns}>',
             f'<{p}ipAddress>192.168.1.64</{p}ipAddress>',
             f'<{p}portNo>80</{p}portNo>',
             f'<{p}protocol>HTTP</{p}protocol>',
             f'<{p}macAddress>44:19:b6:12:34:56</{p}macAddress>',
             f'<{p}channelID>1</{p}channelID>']
    if date_time is not None:
        lines.append(f'<{p}dateTime>{date_time}</{p}dateTime>')
    lines += [f'<{p}activePostCount>1</{p}activePostCount>',
              f'<{p}eventType>{event_type}</{p}eventType>',
              f'<{p}eventState>active</{p}eventState>',
              f'<{p}eventDescription>ANPR</{p}eventDescription>',
              f'<{p}channelName>Camera 01</{p}channelName>',
              f'<{p}ANPR>',
              f'<{p}country>0</{p}country>']
    lines.append(plate_element if plate_element is not None else f'<{p}licensePlate>{plate}</{p}licensePlate>')
    lines.append(f'<{p}line>1</{p}line>')
    if direction is not None:
        lines.append(f'<{p}direction>{direction}</{p}direction>')
    if confidence is not None:
        lines.append(f'<{p}confidenceLevel>{confidence}</{p}confidenceLevel>')
    lines += [f'<{p}plateType>unknown</{p}plateType>',
              f'<{p}plateColor>{plate_color}</{p}plateColor>',
              f'<{p}licenseBright>0</{p}licenseBright>',
              f'<{p}vehicleType>truck</{p}vehicleType>',
              f'<{p}plateCharBelieve>98,99,97,99,98,99,97</{p}plateCharBelieve>',
              f'<{p}pictureInfoList>',
              f'<{p}pictureInfo><{p}fileName>licensePlatePicture.jpg</{p}fileName><{p}type>licensePlatePicture</{p}type></{p}pictureInfo>',
              f'<{p}pictureInfo><{p}fileName>detectionPicture.jpg</{p}fileName><{p}type>detectionPicture</{p}type></{p}pictureInfo>',
              f'</{p}pictureInfoList>']
    if extra_anpr:
        lines.append(extra_anpr)
    lines += [f'</{p}ANPR>', f'<{p}UUID>a1b2c3d4-0000-4000-8000-000000000001</{p}UUID>', f'<{p}picNum>2</{p}picNum>',
              f'<{p}isDataRetransmission>false</{p}isDataRetransmission>']
    if extra_root:
        lines.append(extra_root)
    lines.append(f'</{p}EventNotificationAlert>')
    return ("\r\n".join(lines) + "\r\n").encode()


def heartbeat():
    return ('<?xml version="1.0" encoding="UTF-8"?>\r\n'
            '<EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">\r\n'
            '<ipAddress>192.168.1.64</ipAddress>\r\n<portNo>80</portNo>\r\n<protocol>HTTP</protocol>\r\n'
            '<macAddress>44:19:b6:12:34:56</macAddress>\r\n<channelID>1</channelID>\r\n'
            '<dateTime>2024-05-14T09:30:00+08:00</dateTime>\r\n<activePostCount>0</activePostCount>\r\n'
            '<eventType>videoloss</eventType>\r\n<eventState>inactive</eventState>\r\n'
            '<eventDescription>videoloss alarm</eventDescription>\r\n</EventNotificationAlert>\r\n').encode()


def part(name, content_type, content, nl=b"\r\n", filename=True, lower=False, length=True):
    disposition = b"content-disposition" if lower else b"Content-Disposition"
    ctype = b"content-type" if lower else b"Content-Type"
    out = disposition + f': form-data; name="{name}"'.encode()
    if filename:
        out += f'; filename="{name}"'.encode()
    out += nl
    if content_type:
        out += ctype + b": " + content_type.encode() + nl
    if length:
        out += f"Content-Length: {len(content)}".encode() + nl
    return out + nl + content


def multipart(parts, boundary="MIME_boundary", nl=b"\r\n", preamble=b"", epilogue=b"", close=True, padding=b""):
    body = preamble
    for p in parts:
        body += b"--" + boundary.encode() + padding + nl + p + nl
    if close:
        body += b"--" + boundary.encode() + b"--" + nl + epilogue
    return body


def write(name, content_type, body):
    head = (f"POST /devices/plate-1/events HTTP/1.1\r\nHost: 192.168.1.10:8088\r\n"
            f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n")
    with open(os.path.join(HERE, name + ".http"), "wb") as f:
        f.write(head.encode() + body)


PLATE_PIC = jpeg(600, 1)
SCENE_PIC = jpeg(1500, 2)
MP = "multipart/form-data; boundary=MIME_boundary"

# 1. The common case: a Guangxi truck, CRLF, XML first, both pictures.
write("cn-crlf", MP, multipart([
    part("anpr.xml", "application/xml", alert("桂A12345")),
    part("licensePlatePicture.jpg", "image/jpeg", PLATE_PIC),
    part("detectionPicture.jpg", "image/jpeg", SCENE_PIC)]))

# 2. New-energy plate; bare LF framing, quoted boundary, a preamble, pictures before the XML.
lf = b"\n"
write("cn-new-energy-lf-quoted-boundary", 'multipart/form-data; boundary="----HikBoundary7MA4YWxk"', multipart([
    part("detectionPicture.jpg", "image/jpeg", SCENE_PIC, nl=lf),
    part("anpr.xml", "text/xml", alert("桂AD12345", direction="reverse", confidence="91").replace(b"\r\n", b"\n"), nl=lf),
    part("licensePlatePicture.jpg", "image/jpeg", PLATE_PIC, nl=lf)],
    boundary="----HikBoundary7MA4YWxk", nl=lf, preamble=b"This is a multi-part message in MIME format.\n"))

# 3. Lang Son plate as printed, direction unknown, UTC dateTime with milliseconds, extra fields.
write("vn-printed-separators", MP, multipart([
    part("anpr.xml", "application/xml", alert("12C-123.45", confidence="87", direction="unknown",
                                              date_time="2024-05-14T02:31:05.250Z",
                                              extra_anpr="<vehicleInfo><index>1</index><colorDepth>2</colorDepth><color>white</color><vehicleLogoRecog>1036</vehicleLogoRecog></vehicleInfo>",
                                              extra_root="<DeviceGPSInfo><longitudeType>E</longitudeType><latitudeType>N</latitudeType></DeviceGPSInfo>")),
    part("licensePlatePicture.jpg", "image/jpeg", PLATE_PIC)]))

# 4. Quang Ninh plate, compact; no confidence, no direction, no dateTime, no pictures.
write("vn-compact-missing-optional", MP, multipart([
    part("anpr.xml", "application/xml", alert("14C12345", confidence=None, direction=None, date_time=None))]))

# 5. A firmware that posts the XML alone, plate in CDATA, trailing NUL padding.
write("bare-xml-cdata", "application/xml; charset=UTF-8",
      alert("", plate_element="<licensePlate><![CDATA[29LD-123.45]]></licensePlate>", confidence="76") + b"\x00\x00")

# 6. Lower-case part headers, no filename, text/xml, 'boundary=' without a space, transport padding, epilogue.
write("lowercase-headers-padding-epilogue", "multipart/form-data;boundary=b0undary", multipart([
    part("anpr.xml", "text/xml", alert("桂A1234挂", confidence="95"), filename=False, lower=True, length=False),
    part("licensePlatePicture.jpg", "image/jpeg", PLATE_PIC, filename=False, lower=True, length=False)],
    boundary="b0undary", padding=b"  ", epilogue=b"trailing epilogue text\r\n"))

# 7. Full-width letters and digits, as some Chinese-market firmwares write them.
write("cn-full-width", MP, multipart([
    part("anpr.xml", "application/xml", alert("桂Ａ·１２３４５", confidence="99"))]))

# 8. Prefixed namespace; dateTime without offset (camera local time) -> arrival time is used.
write("prefixed-namespace-local-time", MP, multipart([
    part("anpr.xml", "application/xml", alert("桂A88888", prefix="isapi", date_time="2024-05-14T09:31:05"))]))

# 9. Heartbeat: videoloss inactive, posted as bare XML.
write("heartbeat-videoloss", "application/xml", heartbeat())

# 10. A motion-detection event from the same camera.
write("other-event-vmd", MP, multipart([
    part("MoveDetection.xml", "application/xml", alert("", event_type="VMD", plate_element=""))]))

# 11-13. Vehicles with no plate read.
write("no-plate-unknown", MP, multipart([
    part("anpr.xml", "application/xml", alert("unknown", confidence="0")),
    part("detectionPicture.jpg", "image/jpeg", SCENE_PIC)]))
write("no-plate-empty", MP, multipart([part("anpr.xml", "application/xml", alert("", confidence="0"))]))
# Chinese-market firmware writes the plate's colour in front of it (blue 苏A8HK52).
write("cn-colour-prefix-blue", MP, multipart([part("anpr.xml", "application/xml", alert("蓝苏A8HK52", confidence="97"))]))
write("cn-colour-prefix-yellow-green", MP, multipart([
    part("anpr.xml", "application/xml", alert("黄绿粤BD12345", confidence="95", plate_color="yellowGreen"))]))
# 黑 is black and also Heilongjiang: a black Heilongjiang plate, then a blue one with no colour word.
write("cn-colour-prefix-black-heilongjiang", MP, multipart([
    part("anpr.xml", "application/xml", alert("黑黑A12345", confidence="93", plate_color="black"))]))
write("cn-heilongjiang-no-colour-word", MP, multipart([part("anpr.xml", "application/xml", alert("黑A12345", confidence="93"))]))
write("no-plate-chinese-firmware", MP, multipart([part("anpr.xml", "application/xml", alert("无车牌", confidence="0"))]))

# 14. An empty picture part (picture upload switched off) is dropped.
write("empty-picture-part", MP, multipart([
    part("anpr.xml", "application/xml", alert("桂A12345")),
    part("licensePlatePicture.jpg", "image/jpeg", b"")]))

# Rejections.
whole = multipart([
    part("anpr.xml", "application/xml", alert("桂A12345")),
    part("licensePlatePicture.jpg", "image/jpeg", PLATE_PIC),
    part("detectionPicture.jpg", "image/jpeg", SCENE_PIC)])
write("truncated-in-picture", MP, whole[: len(whole) - 700])
cut = whole.index(b"--MIME_boundary\r\nContent-Disposition: form-data; name=\"licensePlatePicture.jpg\"") + 40
write("truncated-in-part-headers", MP, whole[:cut])
write("no-boundary-parameter", "multipart/form-data", whole)
write("no-xml-part", MP, multipart([
    part("licensePlatePicture.jpg", "image/jpeg", PLATE_PIC),
    part("detectionPicture.jpg", "image/jpeg", SCENE_PIC)]))
write("malformed-xml", MP, multipart([
    part("anpr.xml", "application/xml", alert("桂A12345").replace(b"</channelName>", b"</channelNam>"))]))
write("xml-cut-off", "application/xml", alert("桂A12345")[:400])
write("no-license-plate", MP, multipart([part("anpr.xml", "application/xml", alert("", plate_element=""))]))
write("confidence-not-a-number", MP, multipart([part("anpr.xml", "application/xml", alert("桂A12345", confidence="high"))]))
write("not-an-alert", "application/xml", b'<?xml version="1.0"?>\r\n<ResponseStatus><statusCode>1</statusCode></ResponseStatus>\r\n')
write("json-body", "application/json", b'{"plate":"12C12345"}')
