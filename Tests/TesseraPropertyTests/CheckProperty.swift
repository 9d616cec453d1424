import PropertyBased
import Testing

// swift-property-based 2.0.1 runs a property's body under `try?` on Swift 6.2 and later, so an error thrown by the
// body is dropped and the property passes: a check that fails only by throwing could never fail. These wrappers turn
// a thrown error into a recorded issue (which the library does see, shrinks and reports with its seed). Every property
// in this target goes through them.

/// Checks a property of one generated input; a thrown error fails it.
func checkProperty<Input, Value>(
    count: Int = 100,
    input generator: Generator<Value, some Sequence<Input>>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (Value) async throws -> Void
) async {
    await propertyCheck(
        count: count,
        input: generator,
        perform: { value in
            do {
                try await body(value)
            } catch {
                Issue.record(error, sourceLocation: sourceLocation)
            }
        },
        sourceLocation: sourceLocation
    )
}

/// Checks a property of two generated inputs; a thrown error fails it.
func checkProperty<InputA, InputB, ValueA, ValueB>(
    count: Int = 100,
    input first: Generator<ValueA, some Sequence<InputA>>,
    _ second: Generator<ValueB, some Sequence<InputB>>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (ValueA, ValueB) async throws -> Void
) async {
    await checkProperty(count: count, input: zip(first, second), sourceLocation: sourceLocation) { values in
        try await body(values.0, values.1)
    }
}

/// Checks a property of three generated inputs; a thrown error fails it.
func checkProperty<InputA, InputB, InputC, ValueA, ValueB, ValueC>(
    count: Int = 100,
    input first: Generator<ValueA, some Sequence<InputA>>,
    _ second: Generator<ValueB, some Sequence<InputB>>,
    _ third: Generator<ValueC, some Sequence<InputC>>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (ValueA, ValueB, ValueC) async throws -> Void
) async {
    await checkProperty(count: count, input: zip(first, second, third), sourceLocation: sourceLocation) { values in
        try await body(values.0, values.1, values.2)
    }
}

/// Checks a property of four generated inputs; a thrown error fails it.
func checkProperty<InputA, InputB, InputC, InputD, ValueA, ValueB, ValueC, ValueD>(
    count: Int = 100,
    input first: Generator<ValueA, some Sequence<InputA>>,
    _ second: Generator<ValueB, some Sequence<InputB>>,
    _ third: Generator<ValueC, some Sequence<InputC>>,
    _ fourth: Generator<ValueD, some Sequence<InputD>>,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: (ValueA, ValueB, ValueC, ValueD) async throws -> Void
) async {
    await checkProperty(count: count, input: zip(first, second, third, fourth), sourceLocation: sourceLocation) {
        values in
        try await body(values.0, values.1, values.2, values.3)
    }
}
