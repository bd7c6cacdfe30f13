import LaneModel
import Testing

/// Two domains of our own, so the test depends on no module's codes.
private enum ThingDomain: ErrorDomain {}
private enum OtherDomain: ErrorDomain {}

@Suite("One coded error type for every error family")
struct CodedErrorTests {
    @Test("description is the code, a colon and the message; usage defaults to false")
    func descriptionAndUsage() {
        let fault = CodedError<ThingDomain>("LA-THING-001", "the thing at /tmp/x failed; try again")
        #expect(fault.description == "LA-THING-001: the thing at /tmp/x failed; try again")
        #expect("\(fault)" == fault.description)
        #expect(fault.code == "LA-THING-001" && fault.message == "the thing at /tmp/x failed; try again")
        #expect(!fault.isUsageError)
        #expect(CodedError<ThingDomain>("LA-THING-002", "bad input", usage: true).isUsageError)
    }

    @Test("errors are equal when code, message and usage flag all are")
    func equality() {
        let error = CodedError<ThingDomain>("LA-THING-001", "m", usage: true)
        #expect(error == CodedError<ThingDomain>("LA-THING-001", "m", usage: true))
        #expect(error != CodedError<ThingDomain>("LA-THING-002", "m", usage: true))
        #expect(error != CodedError<ThingDomain>("LA-THING-001", "n", usage: true))
        #expect(error != CodedError<ThingDomain>("LA-THING-001", "m"))
    }

    @Test("each domain is a type of its own: a catch for one does not take another's error")
    func domainsAreDistinct() {
        func raise() throws { throw CodedError<OtherDomain>("LA-THING-001", "m") }
        do {
            try raise()
            Issue.record("nothing was thrown")
        } catch let error as CodedError<ThingDomain> {
            Issue.record("caught as the wrong domain: \(error)")
        } catch let error as any LaneAgentError {
            #expect(error.code == "LA-THING-001")
            #expect(error is CodedError<OtherDomain>)
        } catch {
            Issue.record("not a LaneAgentError: \(error)")
        }
    }
}
