// Reading DMN XML (DMN 1.1 - 1.5: element local names are matched, namespace prefixes ignored) into
// the compiled model: definitions, imports, item definitions, input data, decisions, business
// knowledge models and decision services; then compiling every FEEL text once with the names and
// types visible in its model.
#include <algorithm>
#include <expected>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "dmn/boxed.h"
#include "dmn/model.h"

namespace tamga::dmn::internal {
namespace {

struct Document {
  Source source;
  pugi::xml_document xml;
  pugi::xml_node root;
  Model* model = nullptr;
  std::vector<std::pair<DmnType*, pugi::xml_node>> item_definitions;
  std::vector<std::pair<Element*, pugi::xml_node>> elements;
  std::vector<pugi::xml_node> imports;
};

std::string ElementName(const pugi::xml_node& node) {
  std::string name = node.attribute("name").value();
  if (name.empty()) name = Child(node, "variable").attribute("name").value();
  return name;
}

std::string DescribeNode(const pugi::xml_node& node) {
  std::string s(LocalName(node));
  if (const char* name = node.attribute("name").value(); *name) s += " '" + std::string(name) + "'";
  if (const char* id = node.attribute("id").value(); *id) s += " (id " + std::string(id) + ")";
  return s;
}

class Reader {
 public:
  explicit Reader(ModelSet& set) : set_(set) {}

  std::expected<void, Error> Run(std::vector<Source> sources) {
    for (Source& s : sources) {
      if (auto r = Parse(std::move(s)); !r) return r;
    }
    for (auto& d : docs_) {
      if (auto r = LinkImports(*d); !r) return r;
    }
    for (auto& d : docs_) {
      if (auto r = BuildTypes(*d); !r) return r;
    }
    for (auto& d : docs_) {
      if (auto r = LinkElements(*d); !r) return r;
    }
    if (auto r = CheckCycles(); !r) return r;
    for (auto& d : docs_) CollectNames(*d);
    for (auto& d : docs_) {
      if (auto r = Compile(*d); !r) return r;
    }
    return {};
  }

 private:
  // Parses one document and declares its elements.
  std::expected<void, Error> Parse(Source source) {
    auto doc = std::make_unique<Document>();
    doc->source = std::move(source);
    pugi::xml_parse_result parsed =
        doc->xml.load_buffer(doc->source.xml.data(), doc->source.xml.size());
    if (!parsed) {
      return std::unexpected(Error{"file " + doc->source.file, std::string("XML error at offset ") +
                                                                   std::to_string(parsed.offset) +
                                                                   ": " + parsed.description()});
    }
    doc->root = doc->xml.document_element();
    if (LocalName(doc->root) != "definitions") {
      return std::unexpected(
          Error{"file " + doc->source.file,
                "the root element is <" + std::string(doc->root.name()) + ">, not <definitions>"});
    }
    auto model = std::make_unique<Model>();
    model->file = doc->source.file;
    model->name = doc->root.attribute("name").value();
    model->ns = doc->root.attribute("namespace").value();
    model->id = doc->root.attribute("id").value();
    if (model->ns.empty()) {
      return std::unexpected(Error{"definitions '" + model->name + "' in " + model->file,
                                   "the namespace attribute is missing"});
    }
    for (const auto& other : set_.models) {
      if (other->ns == model->ns) {
        return std::unexpected(
            Error{"definitions '" + model->name + "' in " + model->file,
                  "namespace " + model->ns + " is also the namespace of " + other->file});
      }
    }
    doc->model = model.get();
    for (pugi::xml_node c : doc->root.children()) {
      if (c.type() != pugi::node_element) continue;
      std::string_view name = LocalName(c);
      if (name == "import") {
        doc->imports.push_back(c);
      } else if (name == "itemDefinition") {
        std::string type_name = c.attribute("name").value();
        if (type_name.empty()) {
          return std::unexpected(
              Error{DescribeNode(c) + " in " + model->file, "the name attribute is missing"});
        }
        if (model->types.contains(type_name)) {
          return std::unexpected(Error{DescribeNode(c) + " in " + model->file,
                                       "item definition '" + type_name + "' is defined twice"});
        }
        auto t = std::make_unique<DmnType>();
        t->name = type_name;
        doc->item_definitions.emplace_back(t.get(), c);
        model->types[type_name] = std::move(t);
      } else if (name == "inputData" || name == "decision" || name == "businessKnowledgeModel" ||
                 name == "decisionService") {
        if (auto r = Declare(*doc, c); !r) return r;
      }
    }
    set_.infos.push_back({model->name, model->ns, model->file});
    set_.models.push_back(std::move(model));
    docs_.push_back(std::move(doc));
    return {};
  }

  std::expected<void, Error> Declare(Document& doc, const pugi::xml_node& node) {
    Model& m = *doc.model;
    std::string_view kind = LocalName(node);
    std::unique_ptr<Element> owned;
    Element* e = nullptr;
    if (kind == "inputData") {
      auto p = std::make_unique<Element>();
      p->kind = Element::Kind::kInputData;
      e = p.get();
      m.inputs.push_back(std::move(p));
    } else if (kind == "decision") {
      auto p = std::make_unique<Decision>();
      p->kind = Element::Kind::kDecision;
      e = p.get();
      m.decisions.push_back(std::move(p));
    } else if (kind == "businessKnowledgeModel") {
      auto p = std::make_unique<BusinessKnowledgeModel>();
      p->kind = Element::Kind::kBusinessKnowledgeModel;
      e = p.get();
      m.bkms.push_back(std::move(p));
    } else {
      auto p = std::make_unique<DecisionService>();
      p->kind = Element::Kind::kDecisionService;
      e = p.get();
      m.services.push_back(std::move(p));
    }
    e->id = node.attribute("id").value();
    e->name = ElementName(node);
    e->model = &m;
    if (e->name.empty()) {
      return std::unexpected(
          Error{DescribeNode(node) + " in " + m.file, "the name attribute is missing"});
    }
    if (!e->id.empty()) {
      if (m.by_id.contains(e->id)) {
        return std::unexpected(
            Error{e->Describe() + " in " + m.file, "id " + e->id + " is used by another element"});
      }
      m.by_id[e->id] = e;
    }
    if (m.by_name.contains(e->name)) {
      return std::unexpected(Error{e->Describe() + " in " + m.file,
                                   "the name '" + e->name + "' is used by another element"});
    }
    m.by_name[e->name] = e;
    doc.elements.emplace_back(e, node);
    return {};
  }

  const Model* ModelByNamespace(std::string_view ns) const {
    for (const auto& m : set_.models) {
      if (m->ns == ns) return m.get();
    }
    return nullptr;
  }

  std::expected<void, Error> LinkImports(Document& doc) {
    Model& m = *doc.model;
    for (pugi::xml_node node : doc.imports) {
      Import imp;
      imp.name = node.attribute("name").value();
      imp.ns = node.attribute("namespace").value();
      std::string_view type = node.attribute("importType").value();
      bool is_dmn = type.empty() || type.find("DMN") != std::string_view::npos ||
                    type.find("dmn") != std::string_view::npos;
      if (!is_dmn) {
        set_.load_warnings.push_back({"import '" + imp.name + "' in " + m.file,
                                      "imports of type " + std::string(type) + " are ignored"});
        continue;
      }
      if (imp.ns.empty()) {
        return std::unexpected(
            Error{"import '" + imp.name + "' in " + m.file, "the namespace attribute is missing"});
      }
      imp.model = ModelByNamespace(imp.ns);
      if (!imp.model) {
        return std::unexpected(Error{"import '" + imp.name + "' in " + m.file,
                                     "no loaded model has the namespace " + imp.ns});
      }
      m.imports.push_back(std::move(imp));
    }
    return {};
  }

  // The type a typeRef names in model `m`: an item definition of `m`, "import.type" of an imported
  // model, or a built-in type. Unknown names are Any with a load warning.
  const DmnType* ResolveType(const Model& m, std::string_view ref, std::string_view where) {
    if (ref.empty()) return nullptr;
    if (auto it = m.types.find(ref); it != m.types.end()) return it->second.get();
    for (const Import& imp : m.imports) {
      if (!imp.name.empty() && ref.size() > imp.name.size() + 1 && ref.starts_with(imp.name) &&
          ref[imp.name.size()] == '.') {
        std::string_view rest = ref.substr(imp.name.size() + 1);
        if (auto it = imp.model->types.find(rest); it != imp.model->types.end()) {
          return it->second.get();
        }
      }
      if (imp.name.empty()) {
        if (auto it = imp.model->types.find(ref); it != imp.model->types.end()) {
          return it->second.get();
        }
      }
    }
    if (auto it = set_.builtin_types.find(ref); it != set_.builtin_types.end()) {
      return it->second.get();
    }
    if (std::optional<feel::Type> builtin = feel::ParseBuiltinType(ref)) {
      auto t = std::make_unique<DmnType>();
      t->name = std::string(ref);
      t->builtin = std::move(*builtin);
      const DmnType* p = t.get();
      set_.builtin_types[std::string(ref)] = std::move(t);
      return p;
    }
    // A DMN 1.1 qualified name ("tns:tPerson", "feel:number").
    if (size_t colon = ref.find(':'); colon != std::string_view::npos) {
      return ResolveType(m, ref.substr(colon + 1), where);
    }
    set_.load_warnings.push_back(
        {std::string(where), "unknown type '" + std::string(ref) + "'; treated as Any"});
    return nullptr;
  }

  // Fills an item definition (or item component) from its XML.
  void FillType(Model& m, DmnType& t, const pugi::xml_node& node) {
    std::string where = "item definition '" + t.name + "' in " + m.file;
    t.is_collection = std::string_view(node.attribute("isCollection").value()) == "true";
    std::string type_ref = ChildText(node, "typeRef");
    if (type_ref.empty()) type_ref = node.attribute("typeRef").value();
    if (!type_ref.empty()) t.base = ResolveType(m, type_ref, where);
    for (pugi::xml_node c : node.children()) {
      if (LocalName(c) != "itemComponent") continue;
      t.is_structure = true;
      auto component = std::make_unique<DmnType>();
      component->name = t.name + "." + c.attribute("name").value();
      FillType(m, *component, c);
      t.components.emplace_back(c.attribute("name").value(), component.get());
      m.anonymous_types.push_back(std::move(component));
    }
    if (pugi::xml_node fn = Child(node, "functionItem")) {
      feel::Type f = feel::Type::Of(feel::Type::Tag::kFunction);
      for (pugi::xml_node p : fn.children()) {
        if (LocalName(p) != "parameters") continue;
        const DmnType* pt = ResolveType(m, p.attribute("typeRef").value(), where);
        f.args.push_back(pt ? ToFeelType(*pt) : feel::Type::Any());
      }
      const DmnType* out = ResolveType(m, fn.attribute("outputTypeRef").value(), where);
      f.result.push_back(out ? ToFeelType(*out) : feel::Type::Any());
      t.function_type = std::move(f);
    }
    pugi::xml_node allowed = Child(node, "allowedValues");
    if (!allowed) allowed = Child(node, "typeConstraint");
    if (allowed) {
      std::string text = ChildText(allowed, "text");
      if (!text.empty() && text != "-") {
        auto tests = feel::UnaryTests::Compile(text);
        if (tests) {
          t.allowed_values = std::move(*tests);
          t.allowed_values_text = text;
        } else {
          set_.load_warnings.push_back({where, "FEEL syntax error in allowed values '" + text +
                                                   "': " + tests.error().ToString() +
                                                   "; they are ignored"});
        }
      }
    }
  }

  std::expected<void, Error> BuildTypes(Document& doc) {
    for (auto& [type, node] : doc.item_definitions) FillType(*doc.model, *type, node);
    return {};
  }

  // The element an href ("#id" or "namespace#id") points to, seen from model `m`.
  std::expected<Requirement, Error> Resolve(const Model& m, const Element& from,
                                            const pugi::xml_node& ref,
                                            std::initializer_list<Element::Kind> kinds) {
    std::string_view href = ref.attribute("href").value();
    auto fail = [&](std::string message) {
      return std::unexpected(Error{from.Describe() + " in " + m.file, std::move(message)});
    };
    size_t hash = href.find('#');
    if (href.empty() || hash == std::string_view::npos) {
      return fail("<" + std::string(LocalName(ref)) + "> has no href of the form \"#id\"");
    }
    std::string_view ns = href.substr(0, hash);
    std::string_view id = href.substr(hash + 1);
    const Model* target_model = ns.empty() ? &m : ModelByNamespace(ns);
    if (!target_model) {
      return fail("<" + std::string(LocalName(ref)) + " href=\"" + std::string(href) +
                  "\">: no loaded model has the namespace " + std::string(ns));
    }
    auto it = target_model->by_id.find(id);
    if (it == target_model->by_id.end()) {
      return fail("<" + std::string(LocalName(ref)) + " href=\"" + std::string(href) +
                  "\">: there is no element with id " + std::string(id));
    }
    const Element* target = it->second;
    if (std::find(kinds.begin(), kinds.end(), target->kind) == kinds.end()) {
      return fail("<" + std::string(LocalName(ref)) + " href=\"" + std::string(href) +
                  "\"> refers to " + target->Describe() + ", which is the wrong kind of element");
    }
    Requirement r{target, ""};
    if (target_model != &m) {
      if (const Import* imp = m.ImportOf(target_model)) {
        r.import_name = imp->name;
      } else {
        r.import_name = target_model->name;
        set_.load_warnings.push_back({from.Describe() + " in " + m.file,
                                      "requires " + target->Describe() + " of model '" +
                                          target_model->name + "', which it does not import"});
      }
    }
    return r;
  }

  std::expected<void, Error> LinkRequirements(const Model& m, const Element& from,
                                              const pugi::xml_node& node,
                                              std::vector<Requirement>* information,
                                              std::vector<Requirement>* knowledge) {
    using K = Element::Kind;
    for (pugi::xml_node c : node.children()) {
      std::string_view name = LocalName(c);
      if (name == "informationRequirement" && information) {
        for (pugi::xml_node r : c.children()) {
          std::string_view rn = LocalName(r);
          if (rn != "requiredDecision" && rn != "requiredInput") continue;
          auto req = Resolve(m, from, r, {rn == "requiredDecision" ? K::kDecision : K::kInputData});
          if (!req) return std::unexpected(req.error());
          information->push_back(std::move(*req));
        }
      } else if (name == "knowledgeRequirement" && knowledge) {
        for (pugi::xml_node r : c.children()) {
          if (LocalName(r) != "requiredKnowledge") continue;
          auto req = Resolve(m, from, r, {K::kBusinessKnowledgeModel, K::kDecisionService});
          if (!req) return std::unexpected(req.error());
          knowledge->push_back(std::move(*req));
        }
      }
    }
    return {};
  }

  std::expected<void, Error> LinkElements(Document& doc) {
    Model& m = *doc.model;
    for (auto& [e, node] : doc.elements) {
      std::string where = e->Describe() + " in " + m.file;
      e->type = ResolveType(m, Child(node, "variable").attribute("typeRef").value(), where);
      switch (e->kind) {
        case Element::Kind::kInputData:
          break;
        case Element::Kind::kDecision: {
          auto* d = static_cast<Decision*>(e);
          if (auto r = LinkRequirements(m, *d, node, &d->information, &d->knowledge); !r) return r;
          break;
        }
        case Element::Kind::kBusinessKnowledgeModel: {
          auto* b = static_cast<BusinessKnowledgeModel*>(e);
          // The variable of a BKM names a function type; its result is not checked against it.
          b->type = nullptr;
          if (auto r = LinkRequirements(m, *b, node, nullptr, &b->knowledge); !r) return r;
          if (pugi::xml_node logic = Child(node, "encapsulatedLogic")) {
            if (const char* kind = logic.attribute("kind").value(); *kind) b->logic_kind = kind;
            for (pugi::xml_node p : logic.children()) {
              if (LocalName(p) != "formalParameter") continue;
              Parameter param{p.attribute("name").value(),
                              ResolveType(m, p.attribute("typeRef").value(), where)};
              if (param.name.empty()) {
                return std::unexpected(Error{where, "a formal parameter has no name"});
              }
              b->params.push_back(std::move(param));
            }
          }
          break;
        }
        case Element::Kind::kDecisionService: {
          auto* s = static_cast<DecisionService*>(e);
          s->type = nullptr;
          for (pugi::xml_node c : node.children()) {
            std::string_view name = LocalName(c);
            bool is_input_data = name == "inputData";
            if (name != "outputDecision" && name != "encapsulatedDecision" &&
                name != "inputDecision" && !is_input_data) {
              continue;
            }
            auto req = Resolve(
                m, *s, c, {is_input_data ? Element::Kind::kInputData : Element::Kind::kDecision});
            if (!req) return std::unexpected(req.error());
            if (is_input_data) {
              s->input_data.push_back(req->target);
              continue;
            }
            auto* d = static_cast<const Decision*>(req->target);
            if (name == "outputDecision") s->outputs.push_back(d);
            if (name == "encapsulatedDecision") s->encapsulated.push_back(d);
            if (name == "inputDecision") s->input_decisions.push_back(d);
          }
          if (s->outputs.empty()) {
            return std::unexpected(Error{where, "the decision service has no output decision"});
          }
          break;
        }
      }
    }
    return {};
  }

  std::expected<void, Error> CheckCycles() {
    enum class Mark { kNone, kActive, kDone };
    std::map<const Decision*, Mark> marks;
    std::function<std::expected<void, Error>(const Decision*)> visit =
        [&](const Decision* d) -> std::expected<void, Error> {
      Mark& mark = marks[d];
      if (mark == Mark::kDone) return {};
      if (mark == Mark::kActive) {
        return std::unexpected(Error{d->Describe() + " in " + d->model->file,
                                     "the decision requires itself (a requirement cycle)"});
      }
      mark = Mark::kActive;
      for (const Requirement& r : d->information) {
        if (r.target->kind != Element::Kind::kDecision) continue;
        if (auto res = visit(static_cast<const Decision*>(r.target)); !res) return res;
      }
      marks[d] = Mark::kDone;
      return {};
    };
    for (const auto& m : set_.models) {
      for (const auto& d : m->decisions) {
        if (auto r = visit(d.get()); !r) return r;
      }
    }
    return {};
  }

  // Names declared in the XML below `node` (elements, variables, context entries, parameters, item
  // components, relation columns, iterators): the names FEEL text may use.
  static void NamesUnder(const pugi::xml_node& node, std::set<std::string>& names) {
    struct Walker : pugi::xml_tree_walker {
      std::set<std::string>* names;
      bool for_each(pugi::xml_node& n) override {
        if (n.type() != pugi::node_element) return true;
        // Invocation bindings name the callee's parameters, which are not in scope here.
        if (LocalName(n) == "parameter") return true;
        if (const char* v = n.attribute("name").value(); *v) names->insert(v);
        if (const char* v = n.attribute("iteratorVariable").value(); *v) names->insert(v);
        return true;
      }
    } walker;
    walker.names = &names;
    pugi::xml_node root = node;
    root.traverse(walker);
  }

  // The names visible throughout a model. A declared name containing '.' ("Person.Age" as a
  // parameter name) would hide the path expression of the same spelling, so such names are only
  // known inside the element that declares them (see Compile).
  void CollectNames(Document& doc) {
    std::set<std::string> all;
    NamesUnder(doc.root, all);
    // Names declared more than once (an input and a parameter of the same name, say).
    struct Counter : pugi::xml_tree_walker {
      std::map<std::string, int> counts;
      bool for_each(pugi::xml_node& n) override {
        if (n.type() != pugi::node_element) return true;
        std::string_view local = LocalName(n);
        // An element and its variable declare one name; invocation bindings name the callee's.
        if (local == "parameter") return true;
        if (local == "variable") {
          std::string_view owner = LocalName(n.parent());
          if (owner == "decision" || owner == "inputData" || owner == "businessKnowledgeModel" ||
              owner == "decisionService")
            return true;
        }
        if (const char* v = n.attribute("name").value(); *v) ++counts[v];
        if (const char* v = n.attribute("iteratorVariable").value(); *v) ++counts[v];
        return true;
      }
    } counter;
    pugi::xml_node root = doc.root;
    root.traverse(counter);
    for (const auto& [name, count] : counter.counts)
      if (count > 1) declared_twice_[doc.model].insert(name);
    std::set<std::string>& names = own_names_[doc.model];
    for (const std::string& n : all) {
      if (n.find('.') == std::string::npos) names.insert(n);
    }
  }

  feel::CompileOptions OptionsFor(const Model& m) {
    feel::CompileOptions options;
    std::set<std::string> names = own_names_[&m];
    for (const auto& [name, type] : m.types) options.types[name] = ToFeelType(*type);
    for (const Import& imp : m.imports) {
      const std::set<std::string>& theirs = own_names_[imp.model];
      names.insert(theirs.begin(), theirs.end());
      std::string prefix = imp.name.empty() ? "" : imp.name + ".";
      if (!imp.name.empty()) names.insert(imp.name);
      for (const auto& [name, e] : imp.model->by_name) names.insert(prefix + name);
      for (const auto& [name, type] : imp.model->types) {
        options.types[prefix + name] = ToFeelType(*type);
      }
    }
    options.known_names.assign(names.begin(), names.end());
    // Declared types of the model's input data and decisions, for the checker: only names declared
    // once in the model, since a parameter or context entry of the same name would shadow them.
    for (const auto& [name, e] : m.by_name) {
      if (!e->type || declared_twice_[&m].contains(name)) continue;
      if (e->kind != Element::Kind::kInputData && e->kind != Element::Kind::kDecision) continue;
      options.name_types[name] = ToFeelType(*e->type);
    }
    return options;
  }

  std::expected<void, Error> Compile(Document& doc) {
    Model& m = *doc.model;
    const feel::CompileOptions options = OptionsFor(m);
    for (auto& [e, node] : doc.elements) {
      // Dotted names declared inside this element are known here only.
      std::optional<feel::CompileOptions> local;
      std::set<std::string> declared;
      NamesUnder(node, declared);
      for (const std::string& n : declared) {
        if (n.find('.') == std::string::npos) continue;
        if (!local) local = options;
        local->known_names.push_back(n);
      }
      CompileScope scope;
      scope.options = local ? &*local : &options;
      scope.element = e->Describe();
      scope.element_name = e->name;
      scope.warnings = &set_.load_warnings;
      scope.resolve_type = [this, &m, where = e->Describe() + " in " + m.file](
                               std::string_view ref) { return ResolveType(m, ref, where); };
      pugi::xml_node logic;
      if (e->kind == Element::Kind::kDecision) {
        logic = ExpressionChild(node);
      } else if (e->kind == Element::Kind::kBusinessKnowledgeModel) {
        auto* b = static_cast<BusinessKnowledgeModel*>(e);
        if (b->logic_kind != "FEEL") {
          b->body = CompileExternalBody(Child(node, "encapsulatedLogic"), b->params, scope);
          continue;
        }
        logic = ExpressionChild(Child(node, "encapsulatedLogic"));
      }
      if (!logic) continue;
      auto expr = CompileBoxed(logic, scope);
      if (!expr) {
        Error err = expr.error();
        err.element += " in " + m.file;
        return std::unexpected(std::move(err));
      }
      if (e->kind == Element::Kind::kDecision) {
        static_cast<Decision*>(e)->logic = std::move(*expr);
      } else {
        static_cast<BusinessKnowledgeModel*>(e)->body = std::move(*expr);
      }
    }
    return {};
  }

  ModelSet& set_;
  std::vector<std::unique_ptr<Document>> docs_;
  std::map<const Model*, std::set<std::string>> own_names_;
  std::map<const Model*, std::set<std::string>> declared_twice_;
};

}  // namespace

std::expected<std::shared_ptr<ModelSet>, Error> ReadModels(std::vector<Source> sources) {
  auto set = std::make_shared<ModelSet>();
  Reader reader(*set);
  if (auto r = reader.Run(std::move(sources)); !r) return std::unexpected(r.error());
  return set;
}

}  // namespace tamga::dmn::internal
