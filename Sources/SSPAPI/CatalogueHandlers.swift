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
        let limit = input.query.limit ?? 10
        guard (1...50).contains(limit) else { throw Problem.invalid([FieldProblem(field: "limit", message: "from 1 to 50")]) }
        guard let q = input.query.q else {
            let services = try await catalogue.services(
                ServiceQuery(directorateCode: input.query.directorate, includeInactive: input.query.includeInactive ?? false), by: user)
            return .ok(.init(body: .json(.init(services: services.map { .init($0.service, directorate: $0.directorate) }, noMatch: false))))
        }
        let result = try await catalogue.search(q, directorateCode: input.query.directorate, language: user.language, for: user, by: user)
        return .ok(
            .init(
                body: .json(
                    .init(
                        services: result.services.prefix(limit).map { .init($0.service, directorate: $0.directorate, summary: true) }, noMatch: result.noMatch,
                        fallback: result.noMatch
                            ? result.fallback.map { fallback in
                                .init(
                                    directorate: .init(fallback.directorate),
                                    generalService: fallback.generalService.map { .init($0, directorate: fallback.directorate, summary: true) })
                            }
                            : nil,
                        counter: result.counter.map {
                            .init(name: .init($0.name), location: .init($0.location), hours: .init($0.hours), email: $0.email, phone: $0.phone)
                        }))))
    }

    func getService(_ input: Operations.GetService.Input) async throws -> Operations.GetService.Output {
        let (service, directorate) = try await catalogue.service(code: input.path.code, by: try RequestIdentity.current())
        return .ok(.init(body: .json(.init(service, directorate: directorate))))
    }
}
