#include "support/fixtures.hpp"

namespace redress::test {

core::RegistrationRequest SampleRequest(int n) {
    // Statements from real CFPB narratives (public domain), with the consumer's wording kept.
    static const char* kStatements[] = {
        "I have never heard of this company, much less owe anyone 7k. They threatened to take me to court.",
        "This complaint arises out of a dispute I sent the collection agency after finding inaccuracies in my credit report.",
        "My mortgage payment was applied late even though I paid on time, and a late fee was charged.",
        "Картридж за 100 рублей не печатает, продавец отказался менять без директора.",
        "Պատվիրված պատճենահանող սարքը ժամանակին չի առաքվել։",
        "Закаленото стъкло пристигна спукано, моля за подмяна.",
    };
    core::RegistrationRequest r;
    r.channel = core::Channel::kWeb;
    r.contact.name = "Customer " + std::to_string(n);
    r.contact.email = "customer" + std::to_string(n) + "@example.com";
    r.statement = kStatements[n % 6];
    r.organisation = n % 2 ? "Alpha LLC" : "Beta Bank";
    r.product = n % 3 ? "Mortgage" : "Debt collection";
    r.category = "Service quality";
    return r;
}

}  // namespace redress::test
