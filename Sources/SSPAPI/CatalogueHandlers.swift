import Foundation
import OpenAPIRuntime
import SSPCore

/// The catalogue operations: directorates, services and their forms.
extension APIHandler {
    func listDirectorates(_ input: Operations.ListDirectorates.Input) async throws -> Operations.ListDirectorates.Output {
        let directorates = try await catalogue.directorates(by: try RequestIdentity.current())
        return .ok(.init(body: .json(.init(directorates: directorates.map(Components.Schemas.Directorate.init)))))
    }

    func listServices(_ input: Operations.ListServices.Input) async throws -> Operations.ListServices.Output {
        let user = try RequestIdentity.current()
        if let q = input.query.q, q.count > 200 { throw Problem.invalid([FieldProblem(field: "q", message: "at most 200 characters")]) }
        let services = try await catalogue.services(
            ServiceQuery(
                text: input.query.q, directorateCode: input.query.directorate, includeInactive: input.query.includeInactive ?? false), by: user)
        return .ok(.init(body: .json(.init(services: services.map { .init($0.service, directorate: $0.directorate) }))))
    }

    func getService(_ input: Operations.GetService.Input) async throws -> Operations.GetService.Output {
        let (service, directorate) = try await catalogue.service(code: input.path.code, by: try RequestIdentity.current())
        return .ok(.init(body: .json(.init(service, directorate: directorate))))
    }
}
