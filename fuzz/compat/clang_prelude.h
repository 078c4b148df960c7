// Included before every source file of the fuzz build (-include), with clang only.
#pragma once

#include <type_traits>

// feel::Type holds std::vector<std::pair<std::string, Type>>. libstdc++ 12's std::pair decides
// whether its default constructor is explicit from __is_implicitly_default_constructible<Type>,
// and clang (unlike GCC) evaluates that as soon as pair<string, Type> is instantiated, which needs
// Type's constexpr destructor and constructor, which need the still incomplete pair: a cycle that
// stops clang from compiling any file using Type. Type is an aggregate whose members all have
// default values, so the answer is known; stating it up front breaks the cycle without touching
// src/feel/type.h.
namespace tamga::feel {
struct Type;
}
template <>
struct std::__is_implicitly_default_constructible<tamga::feel::Type> : std::true_type {};
