import Foundation
import SignetModel
import SignetStore

/// Workflow definitions: checked when an admin saves them (templates exist, requests and
/// amounts valid) and turned into one workflow interaction with its steps when an agent sends
/// one (agent values checked per step).
package struct WorkflowSteps {
    let composer: InteractionComposer

    package init(composer: InteractionComposer) { self.composer = composer }

    /// Refuses a definition with every problem of its description and steps, fields named
    /// `steps[i].…`.
    package func check(description: String?, steps: [WorkflowStep]) async throws {
        var problems = await problems(steps)
        if (description?.count ?? 0) > 1000 {
            problems.append(FieldProblem(field: "description", label: "Description", reason: "at most 1000 characters"))
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "workflow", problems: problems) }
    }

    /// Every problem of a definition's steps, fields named `steps[i].…`.
    func problems(_ steps: [WorkflowStep]) async -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if steps.isEmpty || steps.count > 30 {
            problems.append(FieldProblem(field: "steps", label: "Steps", reason: "a workflow has 1 to 30 steps"))
        }
        for (i, step) in steps.enumerated() {
            do {
                try await check(step)
            } catch let failure as FieldProblems {
                problems += failure.problems.map { composer.prefixed($0, "steps[\(i)].") }
            } catch {
                problems.append(FieldProblem(field: "steps[\(i)]", label: "Step \(i + 1)", reason: "\(error)"))
            }
        }
        return problems
    }

    /// The workflow interaction for `workflow`, with `values` (by step number) added to its
    /// template steps' own.
    package func draft(_ workflow: WorkflowRecord, values: [String: [String: StampValue]], session: SessionRecord) async throws
        -> Interactions.Draft
    {
        var steps: [Interactions.Draft] = []
        var problems: [FieldProblem] = []
        for key in values.keys where Int(key).map({ !(1...workflow.steps.count).contains($0) }) ?? true {
            problems.append(
                FieldProblem(field: "values.\(key)", label: "Step", reason: "the workflow has steps 1 to \(workflow.steps.count)"))
        }
        for (i, step) in workflow.steps.enumerated() {
            do {
                steps.append(try await draft(step, extra: values[String(i + 1)] ?? [:], session: session, prefix: "steps[\(i + 1)]."))
            } catch let failure as FieldProblems {
                problems += failure.problems
            }
        }
        guard problems.isEmpty else { throw FieldProblems(stage: "send", problems: problems) }
        return Interactions.Draft(kind: .workflow, title: workflow.name, payload: InteractionPayload(workflowId: workflow.id), steps: steps)
    }

    private func check(_ step: WorkflowStep) async throws {
        switch step.kind {
        case .template:
            guard let slug = step.template else { throw composer.problem("template", "Template", "a template step names its template") }
            guard composer.services.templates.exists(slug) else {
                throw composer.problem("template", "Template", "there is no template '\(slug)'")
            }
            let template = try await composer.services.templates.template(slug)
            guard template.problems.isEmpty else { throw FieldProblems(stage: "definition", problems: template.problems) }
            let problems = ImageSources.dataURLsOnly.problems(template.fields, values: step.values ?? [:])
            guard problems.isEmpty else { throw FieldProblems(stage: "definition", problems: problems) }
        case .documentRequest:
            _ = try composer.documentRequest(requestSpec(step))
        case .paymentRequest:
            _ = try composer.paymentRequest(try paymentSpec(step))
        }
    }

    private func draft(_ step: WorkflowStep, extra: [String: StampValue], session: SessionRecord, prefix: String) async throws
        -> Interactions.Draft
    {
        switch step.kind {
        case .template:
            let values = (step.values ?? [:]).merging(extra) { _, new in new }
            let spec = InteractionComposer.DocumentSpec(title: step.title, template: step.template, values: values)
            return try await composer.document(spec, session: session, prefix: prefix)
        case .documentRequest:
            do { return try composer.documentRequest(requestSpec(step)) } catch let f as FieldProblems { throw prefixed(f, prefix) }
        case .paymentRequest:
            do { return try composer.paymentRequest(try paymentSpec(step)) } catch let f as FieldProblems { throw prefixed(f, prefix) }
        }
    }

    private func requestSpec(_ step: WorkflowStep) -> InteractionComposer.RequestSpec {
        InteractionComposer.RequestSpec(
            title: step.title, documents: (step.documents ?? []).map { .init(type: $0.type, label: $0.label) }, note: step.note)
    }

    private func paymentSpec(_ step: WorkflowStep) throws -> InteractionComposer.PaymentSpec {
        InteractionComposer.PaymentSpec(
            title: step.title, amount: step.amount ?? "", currency: step.currency ?? "", description: step.description ?? "")
    }

    private func prefixed(_ f: FieldProblems, _ prefix: String) -> FieldProblems {
        FieldProblems(stage: f.stage, problems: f.problems.map { composer.prefixed($0, prefix) })
    }
}
