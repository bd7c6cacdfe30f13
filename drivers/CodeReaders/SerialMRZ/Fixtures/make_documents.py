#!/usr/bin/env python3
"""Writes documents.jsonl: what document readers send (MRZ lines over serial) and the documents
and frame errors the driver must make of them. The ICAO specimens (ICAO 9303 parts 4 and 5,
fictional holder of the fictional state Utopia) and variants built from them with check digits
computed here, independently of the Swift code. python3 make_documents.py > documents.jsonl"""
import json

def check(field):
    def value(c):
        if c.isdigit(): return int(c)
        if "A" <= c <= "Z": return ord(c) - 55
        return 0
    return str(sum(value(c) * (7, 3, 1)[i % 3] for i, c in enumerate(field)) % 10)

TD3 = ["P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<", "L898902C36UTO7408122F1204159ZE184226B<<<<<10"]
TD1 = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]

def td3(number, nationality, birth, sex, expiry, personal, names, issuer="UTO", code="P<"):
    number = number.ljust(9, "<"); personal = personal.ljust(14, "<")
    personal_check = "<" if set(personal) == {"<"} else check(personal)
    body = number + check(number) + nationality + birth + check(birth) + sex + expiry + check(expiry) + personal + personal_check
    composite = check(body[0:10] + body[13:20] + body[21:43])
    return [(code + issuer + names).ljust(44, "<"), body + composite]

def td1(number, birth, sex, expiry, nationality, names, issuer="UTO", code="I<", optional2=""):
    if len(number) <= 9:
        line1 = code + issuer + number.ljust(9, "<") + check(number.ljust(9, "<"))
    else:
        line1 = code + issuer + number[:9] + "<" + number[9:] + check(number)
    line1 = line1.ljust(30, "<")
    line2 = birth + check(birth) + sex + expiry + check(expiry) + nationality + optional2.ljust(11, "<")
    line2 += check(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
    return [line1, line2, names.ljust(30, "<")]

assert td3("L898902C3", "UTO", "740812", "F", "120415", "ZE184226B", "ERIKSSON<<ANNA<MARIA") == TD3
assert td1("D23145890", "740812", "F", "120415", "UTO", "ERIKSSON<<ANNA<MARIA") == TD1

SPECIMEN = {"format": "TD3", "documentCode": "P", "issuer": "UTO", "number": "L898902C3", "nationality": "UTO",
            "birthDate": "1974-08-12", "sex": "F", "expiryDate": "2012-04-15", "surname": "ERIKSSON", "givenNames": "ANNA MARIA",
            "failedChecks": [], "expired": True}
SPECIMEN_TD1 = dict(SPECIMEN, format="TD1", documentCode="I", number="D23145890")

def text(lines, end="\r", blank=True):
    return "".join(line + end for line in lines) + (end if blank else "")

def vector(name, data, documents, errors, time="2025-06-01T03:00:00.000Z", offset=420, source="ICAO 9303 specimen"):
    print(json.dumps({"name": name, "text": data, "time": time, "utcOffsetMinutes": offset, "documents": documents,
                      "errors": errors, "source": source}))

vector("TD3 specimen, CR", text(TD3), [SPECIMEN], 0)
vector("TD1 specimen, CRLF", text(TD1, "\r\n"), [SPECIMEN_TD1], 0)
vector("TD3 then TD1, LF, no blank lines", text(TD3, "\n", False) + text(TD1, "\n", False), [SPECIMEN, SPECIMEN_TD1], 0)
vector("lines padded with spaces", "  " + TD3[0] + " \r" + TD3[1] + "  \r", [SPECIMEN], 0)
vector("read before the specimen expired", text(TD3), [dict(SPECIMEN, expired=False)], 0, time="2012-04-14T12:00:00.000Z")
vector("expiry day itself is not expired, in the lane's time zone", text(TD3), [dict(SPECIMEN, expired=False)], 0,
       time="2012-04-15T16:59:59.000Z", offset=420)
vector("one minute past midnight in Hanoi is the next day", text(TD3), [SPECIMEN], 0, time="2012-04-15T17:01:00.000Z", offset=420)
young = td3("C01X00T47", "VNM", "150101", "M", "300101", "", "NGUYEN<<VAN<AN", issuer="VNM")
vector("birth in this century; unused personal number with filler check digit", text(young),
       [{"format": "TD3", "documentCode": "P", "issuer": "VNM", "number": "C01X00T47", "nationality": "VNM",
         "birthDate": "2015-01-01", "sex": "M", "expiryDate": "2030-01-01", "surname": "NGUYEN", "givenNames": "VAN AN",
         "failedChecks": [], "expired": False}], 0, source="built from the TD3 layout")
long = td1("D23145890734", "740812", "F", "120415", "UTO", "ERIKSSON<<ANNA<MARIA")
vector("TD1 document number longer than 9 characters", text(long),
       [dict(SPECIMEN_TD1, number="D23145890734")], 0, source="ICAO 9303 part 5 long-number layout")
unspecified = td1("AB1234567", "990230", "<", "<<<<<<", "CHN", "WANG<<XIAOMING", issuer="CHN", code="C<")
vector("sex unspecified, impossible birth date, no expiry", text(unspecified),
       [{"format": "TD1", "documentCode": "C", "issuer": "CHN", "number": "AB1234567", "nationality": "CHN", "birthDate": "",
         "sex": "X", "expiryDate": "", "surname": "WANG", "givenNames": "XIAOMING", "failedChecks": [], "expired": False}], 0,
       source="built from the TD1 layout")
bad = [TD3[0], TD3[1][:19] + "3" + TD3[1][20:]]
vector("a wrong check digit is still a document, naming the field", text(bad),
       [dict(SPECIMEN, failedChecks=["birthDate", "composite"])], 0)
vector("a short line is refused, then a whole document reads", TD3[1][:40] + "\r" + text(TD3), [SPECIMEN], 1)
vector("lower case is refused with the partial document", TD3[0] + "\r" + TD3[1].lower() + "\r" + text(TD1), [SPECIMEN_TD1], 1)
vector("a blank line after the first line drops it", TD3[0] + "\r\r" + text(TD3), [SPECIMEN], 1)
vector("a TD1 line inside a TD3 document starts a TD1", TD3[0] + "\n" + text(TD1, "\n"), [SPECIMEN_TD1], 1)
vector("a lost first line: the second cannot start a document", TD1[1] + "\r" + TD1[2] + "\r" + text(TD1), [SPECIMEN_TD1], 2)
vector("a 36-character line (TD2) is refused", "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\r" + text(TD3), [SPECIMEN], 1)
vector("a line of noise longer than 64 characters", "<" * 100 + "\r" + text(TD3), [SPECIMEN], 1)
vector("the second line not yet in waits", TD3[0] + "\r" + TD3[1][:20], [], 0)
