#include "core/roles.hpp"

#include <cstdint>
#include <initializer_list>

namespace redress::core {

namespace {

using P = Permission;

constexpr std::uint32_t Bits(std::initializer_list<Permission> permissions) {
    std::uint32_t bits = 0;
    for (Permission p : permissions) {
        bits |= 1u << static_cast<unsigned>(p);
    }
    return bits;
}

// Deny by default: a role has exactly the permissions listed here.
constexpr std::uint32_t Grants(Role role) {
    switch (role) {
        case Role::kFrontLine:
            return Bits({P::kReadComplaints, P::kRegister, P::kComment, P::kConfirmInWriting, P::kTakeOwnership,
                         P::kHandle, P::kExecute, P::kWithdraw, P::kReadTasks});
        case Role::kResponsible:
            return Bits({P::kReadComplaints, P::kRegister, P::kComment, P::kConfirmInWriting, P::kTakeOwnership,
                         P::kHandle, P::kExecute, P::kWithdraw, P::kReadTasks, P::kReadUsers, P::kReadReports});
        case Role::kExecutor:
            return Bits({P::kReadComplaints, P::kComment, P::kExecute, P::kReadTasks});
        case Role::kHeadOfQuality:
            return Bits({P::kReadComplaints, P::kRegister, P::kComment, P::kConfirmInWriting, P::kAssign,
                         P::kTakeOwnership, P::kHandle, P::kHandleAny, P::kExecute, P::kApprove, P::kSignOff,
                         P::kReopen, P::kWithdraw, P::kReadTasks, P::kReadUsers, P::kManageCustomers,
                         P::kReadReports});
        case Role::kManager:
            return Bits({P::kReadComplaints, P::kComment, P::kAssign, P::kApprove, P::kReopen, P::kReadTasks,
                         P::kReadUsers, P::kManageCustomers, P::kReadReports});
        case Role::kAdmin:
            return Bits({P::kReadComplaints, P::kReadUsers, P::kManageUsers, P::kReadReports});
        case Role::kAuditor:
            return Bits({P::kReadComplaints, P::kReadTasks, P::kReadUsers, P::kReadReports});
    }
    return 0;
}

}  // namespace

bool Allows(Role role, Permission permission) {
    return (Grants(role) >> static_cast<unsigned>(permission)) & 1u;
}

}  // namespace redress::core
