/// The one place that decides whether a declaration QR belongs to a vehicle. The QR layout is
/// not public, so the rule is only that the text carries the expected declaration number; when
/// central publishes the layout (and its signature), this is the type to change.
public enum DeclarationMatcher {
    /// True when `codeText` contains `declaration` as a whole token: the characters either side
    /// of it are not of the same class (a digit next to a digit, a letter next to a letter), so
    /// declaration 123456 does not match inside 91234567.
    public static func matches(codeText: String, declaration: String) -> Bool {
        let text = Array(codeText.uppercased().unicodeScalars)
        let wanted = Array(declaration.uppercased().unicodeScalars)
        guard !wanted.isEmpty, text.count >= wanted.count else { return false }
        for start in 0...(text.count - wanted.count) where text[start..<start + wanted.count].elementsEqual(wanted) {
            let before = start > 0 ? text[start - 1] : nil
            let after = start + wanted.count < text.count ? text[start + wanted.count] : nil
            if !sameClass(before, wanted.first!), !sameClass(after, wanted.last!) { return true }
        }
        return false
    }

    /// The first of `codes` that carries `declaration`, if any.
    public static func firstMatch(in codes: [String], declaration: String) -> String? {
        codes.first { matches(codeText: $0, declaration: declaration) }
    }

    private static func sameClass(_ neighbour: Unicode.Scalar?, _ edge: Unicode.Scalar) -> Bool {
        guard let neighbour else { return false }
        let digits: ClosedRange<Unicode.Scalar> = "0"..."9"
        if digits.contains(edge) { return digits.contains(neighbour) }
        if edge.properties.isAlphabetic { return neighbour.properties.isAlphabetic }
        return false
    }
}
